#include "harness/catalog/importer.h"

#include <algorithm>
#include <map>

#include "harness/catalog/curation.h"
#include "harness/catalog/plain_text.h"
#include "harness/catalog/source_docs.h"
#include "harness/common/file_io.h"
#include "harness/common/utf8.h"

namespace trtc::catalog {
namespace {

constexpr std::string_view kWebPrefix = "web-sdk-v4-errors.";
constexpr std::string_view kRoomEngineName = "roomengine-errors.en.txt";

// One documented row, before the rows of all locales are merged into entries.
struct Row {
  Table table = Table::kSdk;
  std::string key;
  std::optional<int> code;
  std::string hex;
  Locale locale = Locale::kEn;
  LocaleText text;
  std::string file;
  int line = 0;
};

Text MakeText(std::string raw) {
  std::string plain = PlainText(raw);
  return Text{std::move(raw), std::move(plain)};
}

bool IsSdkKey(std::string_view key) {
  return !key.empty() && key.front() >= 'A' && key.front() <= 'Z' && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Reads web-v4 table rows; the table kind is recognised by its shape, not its
// (localised) heading: 4 columns = sdk, 2 = join-room, 3 = account when the first
// cell is a code, else common-error.
class WebTableReader {
 public:
  WebTableReader(std::string file, Locale locale, Diagnostics& diagnostics)
      : file_(std::move(file)), locale_(locale), diagnostics_(diagnostics) {}

  void Read(const PipeTable& table, std::vector<Row>& rows) {
    std::optional<Table> kind = Classify(table);
    if (!kind) {
      diagnostics_.push_back(
          {file_, table.line, "", "unrecognised table layout (" + std::to_string(table.header.size()) + " columns)"});
      return;
    }
    for (const TableRow& row : table.rows) {
      if (auto parsed = ReadRow(*kind, table.header, row)) rows.push_back(std::move(*parsed));
    }
  }

 private:
  static std::optional<Table> Classify(const PipeTable& table) {
    switch (table.header.size()) {
      case 4:
        return Table::kSdk;
      case 2:
        return Table::kJoinRoom;
      case 3:
        if (table.rows.empty()) return std::nullopt;
        return ParseInt(table.rows.front().cells.front()) ? Table::kAccount : Table::kCommonError;
      default:
        return std::nullopt;
    }
  }

  std::optional<Row> ReadRow(Table kind, const std::vector<std::string>& header, const TableRow& row) {
    Row out{kind, "", std::nullopt, "", locale_, {}, file_, row.line};
    out.text.source = file_ + ":" + std::to_string(row.line);
    const std::vector<std::string>& cells = row.cells;
    const int line = row.line;
    bool ok = true;
    switch (kind) {
      case Table::kSdk:
        ok = ReadKey(line, header[0], cells[0], out) && ReadCode(line, header[1], cells[1], out) &&
             ReadHex(line, header[2], cells[2], out) && ReadText(line, header[3], cells[3], out.text.description);
        break;
      case Table::kAccount:
        ok = ReadCode(line, header[0], cells[0], out) && ReadText(line, header[2], cells[2], out.text.description);
        break;
      case Table::kJoinRoom:
        ok = ReadCode(line, header[0], cells[0], out) && ReadText(line, header[1], cells[1], out.text.description);
        break;
      default:  // common errors: message, reason, solution
        out.key = cells[0];
        out.text.solution.emplace();
        ok = (!out.key.empty() || Fail(line, header[0], "empty error message")) &&
             ReadText(line, header[1], cells[1], out.text.description) &&
             ReadText(line, header[2], cells[2], *out.text.solution);
        break;
    }
    if (!ok) return std::nullopt;
    return out;
  }

  bool Fail(int line, const std::string& field, std::string reason) {
    diagnostics_.push_back({file_, line, field, std::move(reason)});
    return false;
  }

  bool ReadKey(int line, const std::string& field, const std::string& cell, Row& row) {
    if (!IsSdkKey(cell)) return Fail(line, field, "'" + cell + "' is not an error key (A-Z, 0-9, _)");
    row.key = cell;
    return true;
  }

  bool ReadCode(int line, const std::string& field, const std::string& cell, Row& row) {
    row.code = ParseInt(cell);
    return row.code || Fail(line, field, "'" + cell + "' is not an integer code");
  }

  bool ReadHex(int line, const std::string& field, const std::string& cell, Row& row) {
    std::optional<int> value = cell.starts_with("0x") ? ParseInt(cell, true) : std::nullopt;
    if (!value) return Fail(line, field, "'" + cell + "' is not a 0x hex code");
    if (value != row.code) {
      return Fail(line, field,
                  cell + " is " + std::to_string(*value) + " but the code is " + std::to_string(*row.code));
    }
    row.hex = cell;
    return true;
  }

  bool ReadText(int line, const std::string& field, const std::string& cell, Text& text) {
    if (cell.empty()) return Fail(line, field, "empty cell");
    text = MakeText(cell);
    return true;
  }

  std::string file_;
  Locale locale_;
  Diagnostics& diagnostics_;
};

// Which RoomEngine/REST table a listing belongs to, by the words of its heading.
std::optional<Table> ClassifyListing(std::string_view context) {
  std::string lower(context);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  static const std::pair<std::string_view, Table> kHeadings[] = {
      {"private error code", Table::kRestPrivate}, {"restful", Table::kRestCommon},
      {"speech management", Table::kSeat},         {"mic seat", Table::kSeat},
      {"user information", Table::kUser},          {"room management", Table::kRoom},
      {"video management", Table::kDevice},        {"audio management", Table::kDevice},
      {"general error code", Table::kGeneral},
  };
  for (const auto& [words, table] : kHeadings) {
    if (lower.find(words) != std::string::npos) return table;
  }
  return std::nullopt;
}

void ReadRoomEngineDoc(const SourceDoc& doc, std::vector<Row>& rows, Diagnostics& diagnostics) {
  for (const CodeListing& listing : ReadCodeListings(doc.text, doc.name, diagnostics)) {
    std::optional<Table> table = ClassifyListing(listing.context);
    if (!table) {
      diagnostics.push_back({doc.name, listing.line, "", "listing under an unrecognised heading"});
      continue;
    }
    for (const TableRow& row : listing.rows) {
      Row out{*table, "", ParseInt(row.cells[0]), "", Locale::kEn, {}, doc.name, row.line};
      out.text.description = MakeText(row.cells[1]);
      out.text.source = doc.name + ":" + std::to_string(row.line);
      rows.push_back(std::move(out));
    }
  }
}

// Rows of every locale become one entry each, in document order: a row that only some
// locales document is inserted after the row it follows in its own document.
class EntryMerger {
 public:
  explicit EntryMerger(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}

  void BeginDocument() { cursor_.clear(); }

  void Add(Row row) {
    std::string id = std::string(ToString(FamilyOf(row.table))) + "/" + std::string(ToString(row.table)) + "/" +
                     (row.key.empty() ? std::to_string(*row.code) : row.key);
    std::vector<std::string>& order = order_[row.table];
    auto found = entries_.find(id);
    if (found == entries_.end()) {
      auto at =
          cursor_.contains(row.table) ? std::find(order.begin(), order.end(), cursor_[row.table]) + 1 : order.begin();
      order.insert(at, id);
      found = entries_.emplace(id, NewEntry(id, row)).first;
    } else if (!Consistent(found->second, row)) {
      return;
    }
    cursor_[row.table] = id;
    found->second.locales.emplace(row.locale, std::move(row.text));
  }

  std::vector<Entry> Take() {
    std::vector<Entry> out;
    for (auto& [table, ids] : order_) {
      for (const std::string& id : ids) out.push_back(std::move(entries_.at(id)));
    }
    return out;
  }

 private:
  static Entry NewEntry(const std::string& id, const Row& row) {
    Entry entry;
    entry.id = id;
    entry.family = FamilyOf(row.table);
    entry.table = row.table;
    entry.key = row.key;
    entry.code = row.code;
    entry.hex = row.hex;
    return entry;
  }

  bool Consistent(const Entry& entry, const Row& row) {
    const std::string& file = row.file;
    const int line = row.line;
    if (const LocaleText* earlier = entry.InLocale(row.locale)) {
      diagnostics_.push_back({file, line, "", "duplicate row for " + entry.id + " (first at " + earlier->source + ")"});
      return false;
    }
    if (entry.code != row.code || entry.hex != row.hex) {
      diagnostics_.push_back(
          {file, line, "", "code of " + entry.id + " differs from " + entry.locales.begin()->second.source});
      return false;
    }
    return true;
  }

  Diagnostics& diagnostics_;
  std::map<std::string, Entry> entries_;
  std::map<Table, std::vector<std::string>> order_;
  std::map<Table, std::string> cursor_;
};

// What a document's name declares it to be.
struct DocKind {
  bool markdown = false;  // web-v4 tables; otherwise the RoomEngine text
  Locale locale = Locale::kEn;
  // web-v4 documents first, in locale order en, zh, ja, ko; then RoomEngine.
  std::pair<bool, Locale> Order() const { return {!markdown, locale}; }
};

std::optional<DocKind> Classify(const std::string& name) {
  if (name == kRoomEngineName) return DocKind{false, Locale::kEn};
  if (!name.starts_with(kWebPrefix) || !name.ends_with(".md")) return std::nullopt;
  std::string locale = name.substr(kWebPrefix.size(), name.size() - kWebPrefix.size() - 3);
  if (auto parsed = ParseLocale(locale)) return DocKind{true, *parsed};
  return std::nullopt;
}

std::vector<std::pair<DocKind, const SourceDoc*>> InImportOrder(std::span<const SourceDoc> docs,
                                                                Diagnostics& diagnostics) {
  std::vector<std::pair<DocKind, const SourceDoc*>> ordered;
  for (const SourceDoc& doc : docs) {
    if (auto kind = Classify(doc.name)) {
      ordered.push_back({*kind, &doc});
    } else {
      diagnostics.push_back({doc.name, 0, "", "not a source document name"});
    }
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.first.Order() < b.first.Order(); });
  return ordered;
}

std::vector<Row> ReadRows(DocKind kind, const SourceDoc& doc, Diagnostics& diagnostics) {
  std::vector<Row> rows;
  if (auto bad = FindInvalidUtf8(doc.text)) {
    diagnostics.push_back(
        {doc.name, LineAt(doc.text, *bad), "", "invalid UTF-8 at byte " + std::to_string(*bad) + "; document skipped"});
    return rows;
  }
  if (kind.markdown) {
    WebTableReader reader(doc.name, kind.locale, diagnostics);
    for (const PipeTable& table : ReadPipeTables(doc.text, doc.name, diagnostics)) reader.Read(table, rows);
  } else {
    ReadRoomEngineDoc(doc, rows, diagnostics);
  }
  return rows;
}

}  // namespace

ImportResult Import(std::span<const SourceDoc> docs, std::string_view curation_json, const std::string& curation_name) {
  ImportResult result;
  EntryMerger merger(result.diagnostics);
  for (const auto& [kind, doc] : InImportOrder(docs, result.diagnostics)) {
    merger.BeginDocument();
    for (Row& row : ReadRows(kind, *doc, result.diagnostics)) merger.Add(std::move(row));
  }
  result.entries = merger.Take();
  Curation curation = ParseCuration(curation_json, curation_name, result.diagnostics);
  ApplyCuration(curation, result.entries, curation_name, result.diagnostics);
  return result;
}

std::vector<SourceDoc> ReadSourceDocs(const std::filesystem::path& dir, Diagnostics& diagnostics) {
  std::vector<SourceDoc> docs;
  std::error_code error;
  for (const auto& item : std::filesystem::directory_iterator(dir, error)) {
    std::string name = item.path().filename().string();
    if (!Classify(name)) continue;
    if (auto text = ReadFile(item.path()))
      docs.push_back({name, std::move(*text)});
    else
      diagnostics.push_back({item.path().string(), 0, "", "cannot read"});
  }
  if (error)
    diagnostics.push_back({dir.string(), 0, "", "cannot list directory: " + error.message()});
  else if (docs.empty())
    diagnostics.push_back({dir.string(), 0, "", "no source documents found"});
  std::sort(docs.begin(), docs.end(), [](const SourceDoc& a, const SourceDoc& b) { return a.name < b.name; });
  return docs;
}

std::filesystem::path CatalogPath(const std::filesystem::path& fixtures_dir) {
  return fixtures_dir / "catalog" / "error-catalog.json";
}

ImportResult ImportFixtures(const std::filesystem::path& fixtures_dir) {
  ImportResult result;
  std::vector<SourceDoc> docs = ReadSourceDocs(fixtures_dir / "docs", result.diagnostics);
  std::filesystem::path curation_path = fixtures_dir / "catalog" / "curation.json";
  std::optional<std::string> curation = ReadFile(curation_path);
  if (!curation) {
    result.diagnostics.push_back({curation_path.string(), 0, "", "cannot read"});
    return result;
  }
  ImportResult imported = Import(docs, *curation, "curation.json");
  imported.diagnostics.insert(imported.diagnostics.begin(), result.diagnostics.begin(), result.diagnostics.end());
  return imported;
}

}  // namespace trtc::catalog
