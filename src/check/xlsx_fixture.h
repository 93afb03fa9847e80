// Test support: writes small .xlsx workbooks from XML snippets with libzip,
// so each test states exactly which parts and cells the reader sees.
#ifndef T2S_CHECK_XLSX_FIXTURE_H_
#define T2S_CHECK_XLSX_FIXTURE_H_

#include <zip.h>

#include <filesystem>
#include <string>
#include <vector>

namespace t2s::testing {

struct FixtureSheet {
  std::string name;
  std::string rows;        // the <sheetData> content: <row r="1"><c r="A1">...</c></row>
  std::string after_data;  // after </sheetData>, e.g. <mergeCells>...</mergeCells>
};

struct Fixture {
  std::vector<FixtureSheet> sheets;
  std::vector<std::string> shared;  // <si> contents, e.g. "<t>x</t>"
  std::string num_fmts;             // <numFmt numFmtId=".." formatCode=".."/>...
  std::vector<int> xf_formats;      // numFmtId of each cellXfs entry (style 0 first)
  bool date1904 = false;
};

inline std::string Quote(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else if (c == '<') out += "&lt;";
    else out += c;
  }
  return out;
}

// Writes `f` to `path`; returns false on a libzip failure.
inline bool WriteFixture(const std::filesystem::path& path, const Fixture& f) {
  int err = 0;
  zip_t* z = zip_open(path.string().c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) return false;
  std::vector<std::string> keep;  // zip_source_buffer does not copy
  keep.reserve(8 + f.sheets.size());
  auto add = [&](const std::string& name, std::string text) {
    keep.push_back(std::move(text));
    zip_source_t* src = zip_source_buffer(z, keep.back().data(), keep.back().size(), 0);
    return src && zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE) >= 0;
  };
  const std::string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const std::string rns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const std::string pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
  bool ok = add("_rels/.rels", "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" +
                                   rns + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
  std::string sheets, rels;
  for (size_t i = 0; i < f.sheets.size(); ++i) {
    std::string n = std::to_string(i + 1);
    // Sheets are listed in workbook order; their part numbers run backwards
    // so order cannot come from part names.
    std::string part = "worksheets/sheet" + std::to_string(f.sheets.size() - i) + ".xml";
    sheets += "<sheet name=\"" + Quote(f.sheets[i].name) + "\" sheetId=\"" + n + "\" r:id=\"rIdS" + n + "\"/>";
    rels += "<Relationship Id=\"rIdS" + n + "\" Type=\"" + rns + "/worksheet\" Target=\"" + part + "\"/>";
    ok = ok && add("xl/" + part, "<worksheet xmlns=\"" + ns + "\"><sheetData>" + f.sheets[i].rows +
                                     "</sheetData>" + f.sheets[i].after_data + "</worksheet>");
  }
  rels += "<Relationship Id=\"rIdT\" Type=\"" + rns + "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
  rels += "<Relationship Id=\"rIdY\" Type=\"" + rns + "/styles\" Target=\"/xl/styles.xml\"/>";
  ok = ok && add("xl/workbook.xml", "<workbook xmlns=\"" + ns + "\" xmlns:r=\"" + rns + "\"><workbookPr" +
                                        (f.date1904 ? " date1904=\"1\"" : "") + "/><sheets>" + sheets +
                                        "</sheets></workbook>");
  ok = ok && add("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"" + pkg + "\">" + rels + "</Relationships>");
  std::string sst = "<sst xmlns=\"" + ns + "\">";
  for (const std::string& si : f.shared) sst += "<si>" + si + "</si>";
  ok = ok && add("xl/sharedStrings.xml", sst + "</sst>");
  std::string xfs;
  for (int id : f.xf_formats) xfs += "<xf numFmtId=\"" + std::to_string(id) + "\"/>";
  if (xfs.empty()) xfs = "<xf numFmtId=\"0\"/>";
  ok = ok && add("xl/styles.xml", "<styleSheet xmlns=\"" + ns + "\"><numFmts>" + f.num_fmts +
                                      "</numFmts><cellXfs>" + xfs + "</cellXfs></styleSheet>");
  if (!ok) {
    zip_discard(z);
    return false;
  }
  return zip_close(z) == 0;
}

// One sheet holding `rows`.
inline Fixture OneSheet(std::string rows, std::string name = "Sheet1") {
  Fixture f;
  f.sheets.push_back({std::move(name), std::move(rows), ""});
  return f;
}

}  // namespace t2s::testing

#endif  // T2S_CHECK_XLSX_FIXTURE_H_
