// The frame every report page shares: one self-contained HTML document
// with its style and a few lines of script inline, and no external
// resource (no font, script, image or link the browser would fetch).
#ifndef T2S_REPORT_PAGE_H_
#define T2S_REPORT_PAGE_H_

#include <string>
#include <string_view>
#include <vector>

namespace t2s {

// `title` is escaped; `body` is HTML. The script makes every
// <input data-filter="TABLE_ID"> hide the rows of that table's <tbody>
// whose text does not contain what is typed (case-insensitive), and every
// <button data-details="open|close"> open or close the page's <details>.
std::string HtmlPage(std::string_view title, std::string_view body);

// "<h2 id=ID>TITLE</h2>": sections are addressed by these ids.
std::string SectionTitle(std::string_view id, std::string_view title);

// A section with nothing to show: <p class="none">none</p>.
std::string NoneLine();

// A table head: <table id=ID class=CLASS><thead><tr><th>...</th></tr></thead><tbody>.
// Column names are escaped. Close it with TableEnd().
std::string TableStart(std::string_view id, std::string_view cls,
                       const std::vector<std::string>& columns);
std::string TableEnd();

// A link to a trajectory's page, "<a href="PREFIX/trajectories/ID.html">ID</a>";
// `prefix` is "" from report.html, ".." from a trajectory page.
std::string TrajectoryLink(std::string_view id, std::string_view prefix = "");
// The file name of a trajectory's page: the id with every character but
// letters, digits, '-', '_' and '.' as "%XX", so no id leaves the folder.
std::string TrajectoryFileName(std::string_view id);

// A count with its noun, "1 edit", "3 edits".
std::string Plural(long long n, std::string_view noun);

}  // namespace t2s

#endif  // T2S_REPORT_PAGE_H_
