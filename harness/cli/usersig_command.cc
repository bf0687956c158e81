// `trtc-harness usersig gen|verify`: make a token, or say what is wrong with one and which
// documented account code a server gives it.
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdlib>

#include "harness/cli/command_context.h"
#include "harness/usersig/usersig.h"

#include <nlohmann/json.hpp>

namespace trtc::cli {
namespace {

struct TokenOptions {
  std::uint64_t sdkappid = 0;
  std::string key;
  std::string user;
  std::int64_t expire = 86400;
  std::optional<std::int64_t> time;  // default: the wall clock
  std::string token;
  std::optional<std::uint32_t> room_id;
  std::string room_name;
  std::uint32_t privileges = 255;
  bool json = false;
};

std::int64_t Now(const TokenOptions& options) {
  if (options.time) return *options.time;
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// --key, else TRTC_SECRET_KEY, so keys need not appear in shell history.
bool ResolveKey(CommandContext& context, TokenOptions& options) {
  if (options.key.empty()) {
    if (const char* env = std::getenv("TRTC_SECRET_KEY")) options.key = env;
  }
  if (options.key.empty()) context.Fail("no secret key: pass --key or set TRTC_SECRET_KEY", kExitUsage);
  return !options.key.empty();
}

void Generate(CommandContext& context, TokenOptions& options) {
  if (!ResolveKey(context, options)) return;
  std::string token;
  if (options.room_id || !options.room_name.empty()) {
    std::variant<std::uint32_t, std::string> room = options.room_name;
    if (options.room_id) room = *options.room_id;
    token = usersig::GeneratePrivateMapKey(options.key, options.sdkappid, options.user, options.expire, room,
                                           options.privileges, Now(options));
  } else {
    token = usersig::GenerateUserSig(options.key, options.sdkappid, options.user, options.expire, Now(options));
  }
  context.out << token << "\n";
}

std::string RoomLabel(const usersig::PrivateMap& map) {
  if (const auto* name = std::get_if<std::string>(&map.room)) return "\"" + *name + "\"";
  return std::to_string(std::get<std::uint32_t>(map.room));
}

void PrintToken(std::ostream& out, const usersig::Token& token) {
  fmt::print(out, "identifier  {}\nsdkappid    {}\nissued at   {}\nvalid for   {} s (until {})\n", token.identifier,
             token.sdkappid, token.time, token.expire, token.time + token.expire);
  if (const auto& map = token.private_map) {
    fmt::print(out, "privatemap  account {}, sdkappid {}, room {}, privileges 0x{:02x}, until {}\n", map->account,
               map->sdkappid, RoomLabel(*map), map->privileges, map->expire_at);
  }
}

nlohmann::json TokenJson(const usersig::Token& token) {
  nlohmann::json out = {{"identifier", token.identifier},
                        {"sdkappid", token.sdkappid},
                        {"time", token.time},
                        {"expire", token.expire},
                        {"expiresAt", token.time + token.expire}};
  if (const auto& map = token.private_map) {
    nlohmann::json room = std::holds_alternative<std::string>(map->room)
                              ? nlohmann::json(std::get<std::string>(map->room))
                              : nlohmann::json(std::get<std::uint32_t>(map->room));
    out["privateMap"] = {{"account", map->account},
                         {"sdkappid", map->sdkappid},
                         {"room", room},
                         {"privileges", map->privileges},
                         {"expiresAt", map->expire_at}};
  }
  return out;
}

// The documented entry a server's account code points at, for both outputs.
const catalog::Entry* DocumentedEntry(CommandContext& context, int code) {
  const catalog::Catalog* catalog = context.LoadCatalog();
  return catalog ? catalog->Find(catalog::Family::kWebV4, code) : nullptr;
}

std::string EnglishOrFirst(const catalog::Entry& entry) {
  const catalog::LocaleText* text = entry.InLocale(catalog::Locale::kEn);
  if (!text) text = &entry.locales.begin()->second;
  return text->description.plain;
}

void PrintVerifyJson(CommandContext& context, const usersig::Decoded& result) {
  nlohmann::json out = {{"valid", result.ok()}, {"token", TokenJson(result.token)}};
  if (!result.ok()) {
    const int code = usersig::AccountCode(result.failure);
    out["code"] = code;
    out["reason"] = result.reason;
    if (const auto* entry = DocumentedEntry(context, code)) {
      out["entry"] = entry->id;
      out["documented"] = EnglishOrFirst(*entry);
      out["handling"] = entry->handling.ToString();
    }
  }
  context.out << out.dump(2) << "\n";
}

void VerifyToken(CommandContext& context, TokenOptions& options) {
  if (!ResolveKey(context, options)) return;
  std::string key = options.key;
  usersig::Expectation expected{options.user, options.sdkappid,
                                [key](std::uint64_t) -> std::optional<std::string> { return key; }, Now(options)};
  usersig::Decoded result = usersig::Verify(options.token, expected);
  if (!result.ok()) context.exit_code = kExitFailure;
  if (options.json) return PrintVerifyJson(context, result);
  if (!result.token.identifier.empty()) PrintToken(context.out, result.token);
  if (result.ok()) {
    fmt::print(context.out, "verdict     valid\n");
    return;
  }
  int code = usersig::AccountCode(result.failure);
  fmt::print(context.out, "verdict     {} ({})\n", code, result.reason);
  if (const auto* entry = DocumentedEntry(context, code))
    fmt::print(context.out, "documented  {}\nhandling    {}\n", EnglishOrFirst(*entry), entry->handling.ToString());
}

void AddIdentityOptions(CLI::App* command, TokenOptions& options) {
  command->add_option("--sdkappid", options.sdkappid, "The application's SDKAppID")->required();
  command->add_option("--user", options.user, "The userId the token is (or must be) for")->required();
  command->add_option("--key", options.key, "The application's secret key (or set TRTC_SECRET_KEY)");
  command->add_option("--time", options.time, "Clock in seconds since the epoch (default: now)");
}

}  // namespace

void AddUserSigCommand(CLI::App& app, CommandContext& context) {
  CLI::App* command = app.add_subcommand("usersig", "Generate or verify TLS userSig v2 / privateMapKey tokens");
  command->require_subcommand(1);

  auto gen_options = std::make_shared<TokenOptions>();
  CLI::App* gen = command->add_subcommand("gen", "Generate a userSig, or a privateMapKey with --room-id/--room-name");
  AddIdentityOptions(gen, *gen_options);
  gen->add_option("--expire", gen_options->expire, "Validity in seconds")->capture_default_str();
  gen->add_option("--room-id", gen_options->room_id, "privateMapKey for this numeric room id");
  gen->add_option("--room-name", gen_options->room_name, "privateMapKey for this string room id");
  gen->add_option("--privileges", gen_options->privileges, "privateMapKey privilege bits")->capture_default_str();
  gen->callback([&context, gen_options] { Generate(context, *gen_options); });

  auto verify_options = std::make_shared<TokenOptions>();
  CLI::App* verify =
      command->add_subcommand("verify", "Print a token's fields and the documented code a server would give it");
  verify->add_option("token", verify_options->token, "The userSig or privateMapKey")->required();
  AddIdentityOptions(verify, *verify_options);
  verify->add_flag("--json", verify_options->json, "Print the fields and the verdict as JSON");
  verify->callback([&context, verify_options] { VerifyToken(context, *verify_options); });
}

}  // namespace trtc::cli
