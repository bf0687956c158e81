// `trtc-harness catalog …`: look up, list, compare locales, export and regenerate the
// error catalog.
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <CLI/CLI.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "harness/catalog/catalog_json.h"
#include "harness/catalog/importer.h"
#include "harness/catalog/source_docs.h"
#include "harness/catalog/vendor_sdk_names.h"
#include "harness/cli/command_context.h"
#include "harness/common/file_io.h"

namespace trtc::cli {
namespace {

using catalog::Catalog;
using catalog::Entry;
using catalog::Locale;

// Prints text with its first line after `label` and the rest aligned under it.
void PrintBlock(std::ostream& out, std::string_view label, std::string_view text) {
  std::string indent(label.size(), ' ');
  std::size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    fmt::print(out, "{}{}\n", first ? label : std::string_view(indent), text.substr(start, end - start));
    first = false;
    start = end + 1;
  }
}

std::string CodeLabel(const Entry& entry) {
  if (!entry.code) return "(error message)";
  if (entry.hex.empty()) return fmt::format("code {}", *entry.code);
  return fmt::format("code {} ({})", *entry.code, entry.hex);
}

std::string LocaleList(const Entry& entry) {
  std::string out;
  for (const auto& [locale, text] : entry.locales) {
    if (!out.empty()) out += ",";
    out += catalog::ToString(locale);
  }
  return out;
}

void PrintLocaleText(std::ostream& out, Locale locale, const catalog::LocaleText& text, bool raw) {
  auto pick = [raw](const catalog::Text& t) -> const std::string& { return raw ? t.raw : t.plain; };
  std::string name(catalog::ToString(locale));
  if (text.solution) {
    PrintBlock(out, fmt::format("  {} reason:   ", name), pick(text.description));
    PrintBlock(out, fmt::format("  {} solution: ", name), pick(*text.solution));
  } else {
    PrintBlock(out, fmt::format("  {}: ", name), pick(text.description));
  }
  fmt::print(out, "      [{}]\n", text.source);
}

void PrintEntry(std::ostream& out, const Entry& entry, std::optional<Locale> only, bool raw) {
  fmt::print(out, "{}  {}\n", entry.id, CodeLabel(entry));
  fmt::print(out, "  handling: {} ({}) [rule {}]\n", entry.handling.ToString(),
             catalog::Describe(entry.handling.action), entry.handling.rule);
  if (entry.surfaces_as) {
    fmt::print(out, "  surfaces as: extra code of {} ({})\n", entry.surfaces_as->key, entry.surfaces_as->code);
  }
  for (const auto& [locale, text] : entry.locales) {
    if (!only || *only == locale) PrintLocaleText(out, locale, text, raw);
  }
  if (only && !entry.InLocale(*only)) {
    fmt::print(out, "  {}: not documented (documented in {})\n", catalog::ToString(*only), LocaleList(entry));
  }
}

struct ShowOptions {
  std::string query;
  std::string locale;
  bool raw = false;
  bool json = false;
};

void Show(CommandContext& context, const ShowOptions& options) {
  const Catalog* catalog = context.LoadCatalog();
  if (!catalog) return;
  std::optional<Locale> locale;
  if (!options.locale.empty() && !(locale = catalog::ParseLocale(options.locale))) {
    return context.Fail("unknown locale '" + options.locale + "' (use en, zh, ja or ko)", kExitUsage);
  }
  std::vector<const Entry*> found = catalog->Lookup(options.query);
  if (found.empty()) {
    // The vendor SDK's own names: its spelling of a documented key, or a code of its own.
    const auto* vendor = catalog::FindVendorSdkName(options.query);
    if (!vendor)
      if (auto code = catalog::ParseInt(options.query, /*allow_hex=*/true)) vendor = catalog::FindVendorSdkName(*code);
    if (vendor && vendor->documented.empty())
      return context.Fail(fmt::format("0x{:X} {} is not in the documents: it is trtc-js-sdk 4.15.22's own code",
                                      vendor->code, vendor->name));
    if (vendor) {
      context.out << vendor->name << " is trtc-js-sdk 4.15.22's spelling of " << vendor->documented << "\n\n";
      found = catalog->Lookup(vendor->documented);
    }
  }
  if (found.empty()) {
    return context.Fail("no catalog entry for '" + options.query + "' (try `trtc-harness catalog list`)");
  }
  if (options.json) {
    context.out << catalog::EntriesToJson(found);
  } else {
    for (std::size_t i = 0; i < found.size(); ++i) {
      if (i > 0) context.out << "\n";
      PrintEntry(context.out, *found[i], locale, options.raw);
    }
  }
  bool any_in_locale = !locale || std::any_of(found.begin(), found.end(),
                                              [&](const Entry* e) { return e->InLocale(*locale) != nullptr; });
  if (!any_in_locale) context.Fail("'" + options.query + "' is not documented in " + options.locale);
}

struct ListOptions {
  std::string family;
  std::string table;
  bool json = false;
};

void List(CommandContext& context, const ListOptions& options) {
  const Catalog* catalog = context.LoadCatalog();
  if (!catalog) return;
  std::optional<catalog::Family> family = catalog::ParseFamily(options.family);
  std::optional<catalog::Table> table = catalog::ParseTable(options.table);
  if (!options.family.empty() && !family) return context.Fail("unknown family '" + options.family + "'", kExitUsage);
  if (!options.table.empty() && !table) return context.Fail("unknown table '" + options.table + "'", kExitUsage);
  std::vector<const Entry*> selected;
  for (const Entry& entry : catalog->entries()) {
    if ((!family || entry.family == *family) && (!table || entry.table == *table)) selected.push_back(&entry);
  }
  if (options.json) {
    context.out << catalog::EntriesToJson(selected);
    return;
  }
  for (const Entry* entry : selected) {
    std::string code = entry->code ? std::to_string(*entry->code) : "-";
    fmt::print(context.out, "{:>8} {:>7}  {:<27} {:<12} {}\n", code, entry->hex.empty() ? "-" : entry->hex,
               entry->handling.ToString(), LocaleList(*entry), entry->id);
  }
}

// Which entries each locale lacks, within each family that more than one locale documents.
void Locales(CommandContext& context, bool json) {
  const Catalog* catalog = context.LoadCatalog();
  if (!catalog) return;
  std::map<Locale, std::vector<const Entry*>> lacking;
  std::vector<const Entry*> single;
  std::map<catalog::Family, std::set<Locale>> family_locales;
  for (const Entry& entry : catalog->entries()) {
    for (const auto& [locale, text] : entry.locales) family_locales[entry.family].insert(locale);
  }
  for (const Entry& entry : catalog->entries()) {
    const std::set<Locale>& documented = family_locales[entry.family];
    if (documented.size() < 2) continue;
    for (Locale locale : documented) {
      if (!entry.InLocale(locale)) lacking[locale].push_back(&entry);
    }
    if (entry.locales.size() == 1) single.push_back(&entry);
  }
  if (json) {
    nlohmann::ordered_json out{{"lacking", nlohmann::ordered_json::object()},
                               {"only_in", nlohmann::ordered_json::object()}};
    for (const auto& [locale, entries] : lacking) {
      for (const Entry* e : entries) out["lacking"][std::string(catalog::ToString(locale))].push_back(e->id);
    }
    for (const Entry* e : single) out["only_in"][e->id] = catalog::ToString(e->locales.begin()->first);
    context.out << out.dump(2) << "\n";
    return;
  }
  for (const auto& [family, locales] : family_locales) {
    std::string names;
    for (Locale l : locales) names += std::string(names.empty() ? "" : ", ") + std::string(catalog::ToString(l));
    fmt::print(context.out, "{}: documented in {}\n", catalog::ToString(family), names);
  }
  for (const auto& [locale, entries] : lacking) {
    fmt::print(context.out, "\n{} lacks {} entr{}:\n", catalog::ToString(locale), entries.size(),
               entries.size() == 1 ? "y" : "ies");
    for (const Entry* e : entries) fmt::print(context.out, "  {:<58} {}\n", e->id, CodeLabel(*e));
  }
  fmt::print(context.out, "\ndocumented in one locale only:\n");
  for (const Entry* e : single) {
    fmt::print(context.out, "  {:<58} only {}\n", e->id, catalog::ToString(e->locales.begin()->first));
  }
}

void Summary(CommandContext& context) {
  const Catalog* catalog = context.LoadCatalog();
  if (!catalog) return;
  std::map<catalog::Family, std::map<catalog::Table, int>> tables;
  std::map<Locale, int> locales;
  std::map<catalog::Action, int> actions;
  for (const Entry& entry : catalog->entries()) {
    ++tables[entry.family][entry.table];
    for (const auto& [locale, text] : entry.locales) ++locales[locale];
    ++actions[entry.handling.action];
  }
  fmt::print(context.out, "error catalog: {} entries\n", catalog->entries().size());
  for (const auto& [family, counts] : tables) {
    int total = 0;
    std::string parts;
    for (const auto& [table, n] : counts) {
      total += n;
      parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", catalog::ToString(table), n);
    }
    fmt::print(context.out, "  {:<11}{:>4}  ({})\n", catalog::ToString(family), total, parts);
  }
  fmt::print(context.out, "entries documented per locale:\n");
  for (const auto& [locale, n] : locales) fmt::print(context.out, "  {:<11}{:>4}\n", catalog::ToString(locale), n);
  fmt::print(context.out, "recommended handling ({} actions in use of {}):\n", actions.size(),
             catalog::AllActions().size());
  for (const auto& info : catalog::AllActions()) {
    auto it = actions.find(info.action);
    fmt::print(context.out, "  {:<27}{:>4}\n", info.name, it == actions.end() ? 0 : it->second);
  }
}

struct ImportOptions {
  std::string fixtures = TRTC_DEFAULT_FIXTURES_DIR;
  std::string out;
  bool check = false;
};

void Import(CommandContext& context, const ImportOptions& options) {
  catalog::ImportResult result = catalog::ImportFixtures(options.fixtures);
  for (const Diagnostic& diagnostic : result.diagnostics) context.err << diagnostic.ToString() << "\n";
  if (!result.ok()) {
    return context.Fail(fmt::format("import failed with {} problem(s); nothing written", result.diagnostics.size()));
  }
  std::string json = catalog::CatalogToJson(result.entries);
  std::string path = options.out.empty() ? catalog::CatalogPath(options.fixtures).string() : options.out;
  if (options.check) {
    if (ReadFile(path) != json) {
      return context.Fail(path + " is stale: run `trtc-harness catalog import` and commit the result");
    }
    fmt::print(context.out, "{} is up to date ({} entries)\n", path, result.entries.size());
    return;
  }
  if (!WriteFile(path, json)) return context.Fail("cannot write " + path);
  fmt::print(context.out, "wrote {} ({} entries)\n", path, result.entries.size());
}

void Actions(CommandContext& context) {
  for (const auto& info : catalog::AllActions()) fmt::print(context.out, "{:<27} {}\n", info.name, info.description);
}

}  // namespace

void AddCatalogCommand(CLI::App& app, CommandContext& context) {
  CLI::App* command = app.add_subcommand("catalog", "Look up the documented error codes, texts and handling");
  command->require_subcommand(1);

  auto show_options = std::make_shared<ShowOptions>();
  CLI::App* show = command->add_subcommand("show", "Show entries by code (decimal or 0x hex), key, id or message");
  show->add_option("query", show_options->query, "e.g. 70001, 0x4001, JOIN_ROOM_FAILED, \"join room timeout\"")
      ->required();
  show->add_option("--locale", show_options->locale, "Only this locale: en, zh, ja or ko");
  show->add_flag("--raw", show_options->raw, "Print the text exactly as documented (markup included)");
  show->add_flag("--json", show_options->json, "Print the entries as JSON");
  show->callback([&context, show_options] { Show(context, *show_options); });

  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = command->add_subcommand("list", "List entries: code, hex, id, handling, locales");
  list->add_option("--family", list_options->family, "web-v4, roomengine or rest");
  list->add_option(
      "--table", list_options->table,
      "sdk, account, join-room, common-error, general, device, room, user, seat, rest-common, rest-private");
  list->add_flag("--json", list_options->json, "Print the entries as JSON");
  list->callback([&context, list_options] { List(context, *list_options); });

  auto locales_json = std::make_shared<bool>(false);
  CLI::App* locales = command->add_subcommand("locales", "Which entries each locale lacks");
  locales->add_flag("--json", *locales_json, "Print as JSON");
  locales->callback([&context, locales_json] { Locales(context, *locales_json); });

  command->add_subcommand("export", "Print the whole catalog as JSON")->callback([&context] {
    if (const Catalog* catalog = context.LoadCatalog()) context.out << catalog::CatalogToJson(catalog->entries());
  });
  command->add_subcommand("summary", "Counts per family, table, locale and handling")->callback([&context] {
    Summary(context);
  });
  command->add_subcommand("actions", "The recommended-handling vocabulary")->callback([&context] { Actions(context); });

  auto import_options = std::make_shared<ImportOptions>();
  CLI::App* import = command->add_subcommand("import", "Regenerate the catalog from fixtures/docs and curation.json");
  import->add_option("--fixtures", import_options->fixtures, "The fixtures directory")
      ->capture_default_str()
      ->check(CLI::ExistingDirectory);
  import->add_option("--out", import_options->out, "Write here instead of <fixtures>/catalog/error-catalog.json");
  import->add_flag("--check", import_options->check, "Write nothing; fail if the committed catalog is stale");
  import->callback([&context, import_options] { Import(context, *import_options);
});
}  // namespace trtc::cli

}  // namespace trtc::cli
