#include "check/xlsx_reader.h"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <system_error>

#include "check/py_number.h"
#include "check/zip_handle.h"

namespace t2s {
namespace {

constexpr int kMaxRow = 1048576;
constexpr int kMaxCol = 16384;

// Element names without their namespace prefix ("x:c" -> "c"): generators
// differ in whether they prefix the main namespace.
std::string_view Local(const char* name) {
  std::string_view n(name);
  size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node Child(pugi::xml_node node, std::string_view name) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && Local(c.name()) == name) return c;
  }
  return {};
}

// An attribute by local name ("r:id" and "id" both match "id" when `prefixed`
// allows a prefix).
pugi::xml_attribute Attr(pugi::xml_node node, std::string_view name, bool prefixed = false) {
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view n(a.name());
    if (n == name) return a;
    if (prefixed && Local(a.name()) == name && n.find(':') != std::string_view::npos) return a;
  }
  return {};
}

// Text of a string item (<si> or <is>): its plain <t> and the <t> of each
// rich-text run <r>; phonetic runs (<rPh>) are not part of the value.
std::string StringItem(pugi::xml_node item) {
  std::string out;
  for (pugi::xml_node c : item.children()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view n = Local(c.name());
    if (n == "t") {
      out += c.text().get();
    } else if (n == "r") {
      if (pugi::xml_node t = Child(c, "t")) out += t.text().get();
    }
  }
  return out;
}

class Archive {
 public:
  Archive(std::string file, ZipHandle zip) : file_(std::move(file)), zip_(std::move(zip)) {}

  bool Has(const std::string& part) const { return zip_name_locate(zip_.get(), part.c_str(), 0) >= 0; }

  Result<std::string> Read(const std::string& part) const {
    zip_int64_t index = zip_name_locate(zip_.get(), part.c_str(), 0);
    if (index < 0) return Status::InvalidArgument(fmt::format("{}: {}: missing", file_, part));
    zip_stat_t st;
    zip_stat_init(&st);
    ZipFileHandle f(zip_fopen_index(zip_.get(), zip_uint64_t(index), 0));
    if (zip_stat_index(zip_.get(), zip_uint64_t(index), 0, &st) != 0 || !f) {
      return Status::InvalidArgument(
          fmt::format("{}: {}: cannot read ({})", file_, part, zip_strerror(zip_.get())));
    }
    std::string data;
    char buf[65536];
    for (;;) {
      zip_int64_t n = zip_fread(f.get(), buf, sizeof buf);
      if (n < 0) {
        return Status::InvalidArgument(
            fmt::format("{}: {}: cannot read ({})", file_, part, zip_file_strerror(f.get())));
      }
      if (n == 0) break;
      data.append(buf, size_t(n));
    }
    return data;
  }

  // Reads and parses `part` into `doc` (which owns the text).
  Status Parse(const std::string& part, pugi::xml_document& doc) const {
    T2S_ASSIGN_OR_RETURN(std::string data, Read(part));
    pugi::xml_parse_result r =
        doc.load_buffer(data.data(), data.size(), pugi::parse_default | pugi::parse_ws_pcdata);
    if (!r) {
      return Status::InvalidArgument(fmt::format("{}: {}: bad XML at byte {}: {}", file_, part,
                                                 r.offset, r.description()));
    }
    return Status::Ok();
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  ZipHandle zip_;
};

// "xl/workbook.xml" + "worksheets/sheet1.xml" -> "xl/worksheets/sheet1.xml";
// a target starting with '/' is from the package root.
std::string ResolveTarget(std::string_view source_part, std::string_view target) {
  std::vector<std::string> parts;
  std::string_view base;
  if (!target.empty() && target[0] == '/') {
    target.remove_prefix(1);
  } else {
    size_t slash = source_part.rfind('/');
    base = slash == std::string_view::npos ? std::string_view() : source_part.substr(0, slash);
  }
  std::string joined = base.empty() ? std::string(target) : fmt::format("{}/{}", base, target);
  size_t start = 0;
  while (start <= joined.size()) {
    size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string seg = joined.substr(start, end - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string RelsPart(std::string_view part) {
  size_t slash = part.rfind('/');
  if (slash == std::string_view::npos) return fmt::format("_rels/{}.rels", part);
  return fmt::format("{}/_rels/{}.rels", part.substr(0, slash), part.substr(slash + 1));
}

struct Rel {
  std::string type;    // last path segment of the Type URI ("worksheet")
  std::string target;  // resolved part name
};

Result<std::map<std::string, Rel>> ReadRels(const Archive& zip, const std::string& source) {
  std::map<std::string, Rel> rels;
  std::string part = RelsPart(source);
  if (!zip.Has(part)) return rels;
  pugi::xml_document doc;
  T2S_RETURN_IF_ERROR(zip.Parse(part, doc));
  for (pugi::xml_node r : doc.document_element().children()) {
    if (r.type() != pugi::node_element || Local(r.name()) != "Relationship") continue;
    std::string_view type = r.attribute("Type").value();
    type = type.substr(type.rfind('/') + 1);
    rels[r.attribute("Id").value()] = {std::string(type), ResolveTarget(source, r.attribute("Target").value())};
  }
  return rels;
}

Result<std::vector<std::string>> ReadSharedStrings(const Archive& zip, const std::string& part) {
  std::vector<std::string> strings;
  pugi::xml_document doc;
  T2S_RETURN_IF_ERROR(zip.Parse(part, doc));
  for (pugi::xml_node si : doc.document_element().children()) {
    if (si.type() != pugi::node_element || Local(si.name()) != "si") continue;
    std::string text = StringItem(si);
    // openpyxl drops "x005F_" from shared strings (its unescaping of "_x005F_").
    for (size_t at; (at = text.find("x005F_")) != std::string::npos;) text.erase(at, 6);
    strings.push_back(std::move(text));
  }
  return strings;
}

// The display kind of each cell style (cellXfs index).
Result<std::vector<NumberKind>> ReadStyles(const Archive& zip, const std::string& part) {
  std::vector<NumberKind> kinds;
  pugi::xml_document doc;
  T2S_RETURN_IF_ERROR(zip.Parse(part, doc));
  pugi::xml_node root = doc.document_element();
  std::map<int, std::string> custom;
  for (pugi::xml_node f : Child(root, "numFmts").children()) {
    if (f.type() == pugi::node_element && Local(f.name()) == "numFmt") {
      custom[f.attribute("numFmtId").as_int(-1)] = f.attribute("formatCode").value();
    }
  }
  for (pugi::xml_node xf : Child(root, "cellXfs").children()) {
    if (xf.type() != pugi::node_element || Local(xf.name()) != "xf") continue;
    int id = xf.attribute("numFmtId").as_int(0);
    auto it = custom.find(id);
    kinds.push_back(it != custom.end() ? ClassifyNumberFormat(it->second) : BuiltinNumberKind(id));
  }
  return kinds;
}

struct SheetContext {
  const Archive& zip;
  std::string part;
  const std::vector<std::string>& strings;
  const std::vector<NumberKind>& styles;

  Status Error(std::string_view what) const {
    return Status::InvalidArgument(fmt::format("{}: {}: {}", zip.file(), part, what));
  }
};

// Parses the cell <c> at `pos` into `value`, following openpyxl's reading of
// cached values (data_only): a formula's cached <v> is its value.
Status ReadCell(const SheetContext& ctx, pugi::xml_node c, CellPos pos, CellValue& value) {
  std::string_view type = c.attribute("t") ? c.attribute("t").value() : "n";
  if (type == "inlineStr") {
    if (pugi::xml_node is = Child(c, "is")) {
      value.kind = CellValue::Kind::kString;
      value.text = StringItem(is);
    }
    return Status::Ok();
  }
  std::string_view v = Child(c, "v").text().get();
  if (v.empty()) return Status::Ok();
  if (type == "n") {
    std::optional<double> number = ParsePythonFloat(v);
    if (!number) return ctx.Error(fmt::format("cell {}: bad number \"{}\"", CellName(pos), v));
    value.kind = CellValue::Kind::kNumber;
    value.number = *number;
    size_t style = c.attribute("s").as_uint(0);
    if (style < ctx.styles.size()) value.format = ctx.styles[style];
  } else if (type == "s") {
    char* end = nullptr;
    unsigned long index = std::strtoul(std::string(v).c_str(), &end, 10);
    if (index >= ctx.strings.size()) {
      return ctx.Error(fmt::format("cell {}: shared string {} of {}", CellName(pos), v,
                                   ctx.strings.size()));
    }
    value.kind = CellValue::Kind::kString;
    value.text = ctx.strings[index];
  } else if (type == "b") {
    value.kind = CellValue::Kind::kBool;
    value.number = std::atoi(std::string(v).c_str()) != 0 ? 1 : 0;
  } else if (type == "e") {
    value.kind = CellValue::Kind::kError;
    value.text = std::string(v);
  } else {  // "str" (a formula's text result) and anything unknown: text as stored
    value.kind = CellValue::Kind::kString;
    value.text = std::string(v);
  }
  return Status::Ok();
}

Result<CellPos> ParseRange(std::string_view ref, CellPos& last) {
  size_t colon = ref.find(':');
  T2S_ASSIGN_OR_RETURN(CellPos first, ParseCellName(ref.substr(0, colon)));
  last = first;
  if (colon != std::string_view::npos) {
    T2S_ASSIGN_OR_RETURN(last, ParseCellName(ref.substr(colon + 1)));
  }
  return first;
}

Status ReadSheet(const SheetContext& ctx, Sheet& sheet) {
  pugi::xml_document doc;
  T2S_RETURN_IF_ERROR(ctx.zip.Parse(ctx.part, doc));
  pugi::xml_node root = doc.document_element();
  int row = 0;
  for (pugi::xml_node r : Child(root, "sheetData").children()) {
    if (r.type() != pugi::node_element || Local(r.name()) != "row") continue;
    if (pugi::xml_attribute ra = r.attribute("r")) {
      double n = ra.as_double(-1);
      if (n < 1 || n > kMaxRow || n != std::floor(n)) {
        return ctx.Error(fmt::format("row \"{}\": not a row number", ra.value()));
      }
      row = int(n);
    } else {
      ++row;
    }
    int col = 0;
    for (pugi::xml_node c : r.children()) {
      if (c.type() != pugi::node_element || Local(c.name()) != "c") continue;
      CellPos pos{row, col + 1};
      if (pugi::xml_attribute ca = c.attribute("r")) {
        Result<CellPos> p = ParseCellName(ca.value());
        if (!p.ok()) return ctx.Error(p.status().message());
        pos = *p;
      }
      col = pos.col;
      CellValue value;
      T2S_RETURN_IF_ERROR(ReadCell(ctx, c, pos, value));
      sheet.Set(pos, std::move(value));
    }
  }
  // Cells a merged range covers, but its top-left one, hold nothing.
  for (pugi::xml_node m : Child(root, "mergeCells").children()) {
    if (m.type() != pugi::node_element || Local(m.name()) != "mergeCell") continue;
    CellPos last;
    Result<CellPos> first = ParseRange(m.attribute("ref").value(), last);
    if (!first.ok()) return ctx.Error(fmt::format("mergeCell: {}", first.status().message()));
    for (int rr = first->row; rr <= last.row; ++rr) {
      for (int cc = first->col; cc <= last.col; ++cc) {
        if (rr != first->row || cc != first->col) sheet.Set({rr, cc}, CellValue{});
      }
    }
  }
  return Status::Ok();
}

std::string OfficeDocumentPart(const Archive& zip) {
  Result<std::map<std::string, Rel>> rels = ReadRels(zip, "");
  if (rels.ok()) {
    for (const auto& [id, rel] : *rels) {
      if (rel.type == "officeDocument") return rel.target;
    }
  }
  return "xl/workbook.xml";
}

}  // namespace

Result<CellPos> ParseCellName(std::string_view name) {
  std::string_view s = name;
  CellPos pos;
  size_t i = 0;
  if (i < s.size() && s[i] == '$') ++i;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i])) && pos.col <= kMaxCol) {
    pos.col = pos.col * 26 + (std::toupper(static_cast<unsigned char>(s[i])) - 'A' + 1);
    ++i;
  }
  if (i < s.size() && s[i] == '$') ++i;
  size_t digits = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && pos.row <= kMaxRow) {
    pos.row = pos.row * 10 + (s[i] - '0');
    ++i;
  }
  if (pos.col < 1 || pos.col > kMaxCol || pos.row < 1 || pos.row > kMaxRow || i == digits ||
      i != s.size()) {
    return Status::InvalidArgument(fmt::format("\"{}\": not a cell reference", name));
  }
  return pos;
}

std::string ColumnName(int col) {
  std::string s;
  for (; col > 0; col = (col - 1) / 26) s.insert(s.begin(), char('A' + (col - 1) % 26));
  return s;
}

std::string CellName(CellPos pos) { return fmt::format("{}{}", ColumnName(pos.col), pos.row); }

const CellValue& Sheet::At(CellPos pos) const {
  static const CellValue kEmpty;
  auto it = cells_.find(Key(pos));
  return it == cells_.end() ? kEmpty : it->second;
}

void Sheet::Set(CellPos pos, CellValue value) {
  Touch(pos);
  cells_[Key(pos)] = std::move(value);
}

void Sheet::Touch(CellPos pos) {
  max_row_ = std::max(max_row_, pos.row);
  max_col_ = std::max(max_col_, pos.col);
}

const Sheet* Workbook::Find(std::string_view name) const {
  for (const Sheet& s : sheets) {
    if (s.name() == name) return &s;
  }
  const Sheet* found = nullptr;
  for (const Sheet& s : sheets) {
    const std::string& n = s.name();
    bool same = n.size() == name.size() &&
                std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) {
                  return std::tolower(static_cast<unsigned char>(a)) ==
                         std::tolower(static_cast<unsigned char>(b));
                });
    if (same) {
      if (found) return nullptr;  // ambiguous
      found = &s;
    }
  }
  return found;
}

Result<Workbook> ReadXlsx(const std::filesystem::path& path) {
  std::string file = path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::NotFound(fmt::format("{}: no such file", file));
  }
  int err = 0;
  ZipHandle handle(zip_open(file.c_str(), ZIP_RDONLY, &err));
  if (!handle) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    Status s = Status::InvalidArgument(
        fmt::format("{}: not a zip archive ({})", file, zip_error_strerror(&ze)));
    zip_error_fini(&ze);
    return s;
  }
  Archive zip(file, std::move(handle));
  std::string wb_part = OfficeDocumentPart(zip);
  pugi::xml_document wb_doc;
  T2S_RETURN_IF_ERROR(zip.Parse(wb_part, wb_doc));
  T2S_ASSIGN_OR_RETURN(auto rels, ReadRels(zip, wb_part));

  Workbook wb;
  pugi::xml_node root = wb_doc.document_element();
  std::string_view d1904 = Child(root, "workbookPr").attribute("date1904").value();
  wb.date1904 = d1904 == "1" || d1904 == "true";

  std::vector<std::string> strings;
  std::vector<NumberKind> styles;
  for (const auto& [id, rel] : rels) {
    if (rel.type == "sharedStrings" && zip.Has(rel.target)) {
      T2S_ASSIGN_OR_RETURN(strings, ReadSharedStrings(zip, rel.target));
    } else if (rel.type == "styles" && zip.Has(rel.target)) {
      T2S_ASSIGN_OR_RETURN(styles, ReadStyles(zip, rel.target));
    }
  }
  for (pugi::xml_node s : Child(root, "sheets").children()) {
    if (s.type() != pugi::node_element || Local(s.name()) != "sheet") continue;
    Sheet& sheet = wb.sheets.emplace_back(s.attribute("name").value());
    auto rel = rels.find(Attr(s, "id", /*prefixed=*/true).value());
    if (rel == rels.end() || rel->second.type != "worksheet") continue;  // chartsheet: no cells
    SheetContext ctx{zip, rel->second.target, strings, styles};
    T2S_RETURN_IF_ERROR(ReadSheet(ctx, sheet));
  }
  return wb;
}

}  // namespace t2s
