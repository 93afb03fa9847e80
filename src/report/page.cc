#include "report/page.h"

#include <fmt/format.h>

#include "base/text.h"

namespace t2s {
namespace {

constexpr std::string_view kStyle = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;padding:1.5em;max-width:80em;color:#222}
h1{font-size:1.6em;margin:.2em 0}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:3px 8px;text-align:left;vertical-align:top;border-bottom:1px solid #eee}
th{background:#f4f4f4}td.num,th.num{text-align:right}
pre{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;margin:0}
pre.diff{background:#fafafa;border:1px solid #e4e4e4;padding:.5em;font-size:13px}
pre.diff span{display:inline-block;width:100%}
.add{background:#e6ffec;color:#116329}.del{background:#ffebe9;color:#a40e26}.hunk{color:#5a5ab0}.file{font-weight:bold;color:#444}
.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;margin:1em 0}.card h3{margin:.2em 0}
.routed{border-left:4px solid #c98a00}.applied{border-left:4px solid #2f7d32}
.none{color:#777;font-style:italic}.warn{color:#a40e26}.muted{color:#777}
.kv{display:grid;grid-template-columns:max-content auto;gap:2px 14px}.kv dt{color:#555}.kv dd{margin:0}
.totals td{text-align:right}.totals td:first-child{text-align:left}
details{margin:.2em 0 .2em 1em}summary{cursor:pointer}
.step{border-left:3px solid #ccc;padding:.3em .8em;margin:.5em 0}.step.cited{border-left-color:#c98a00;background:#fff8e1}
.step.error{border-left-color:#a40e26}.step .role{font-weight:bold}.tool-call{background:#f6f8fa;padding:.3em;margin:.3em 0}
tr.better td{background:#e6f4e6}tr.worse td{background:#f8e4e4}td.pass{color:#116329}td.fail,td.error{color:#a40e26}td.mixed{color:#a60}
input.filter{padding:3px 6px;width:24em}
)css";

// Filtering and opening; nothing else runs.
constexpr std::string_view kScript = R"js(
document.querySelectorAll('input[data-filter]').forEach(function(box){
  box.addEventListener('input',function(){
    var q=box.value.toLowerCase();
    var t=document.getElementById(box.getAttribute('data-filter'));
    if(!t)return;
    t.querySelectorAll('tbody tr').forEach(function(r){
      r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?'':'none';
    });
  });
});
document.querySelectorAll('button[data-details]').forEach(function(b){
  b.addEventListener('click',function(){
    var open=b.getAttribute('data-details')==='open';
    document.querySelectorAll('details').forEach(function(d){d.open=open;});
  });
});
)js";

}  // namespace

std::string HtmlPage(std::string_view title, std::string_view body) {
  return fmt::format(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{}</title>\n<style>{}</style></head>\n<body>\n{}<script>{}</script>\n</body></html>\n",
      HtmlEscape(title), kStyle, body, kScript);
}

std::string SectionTitle(std::string_view id, std::string_view title) {
  return fmt::format("<h2 id=\"{}\">{}</h2>\n", HtmlEscape(id), HtmlEscape(title));
}

std::string NoneLine() { return "<p class=\"none\">none</p>\n"; }

std::string TableStart(std::string_view id, std::string_view cls,
                       const std::vector<std::string>& columns) {
  std::string html = "<table";
  if (!id.empty()) html += fmt::format(" id=\"{}\"", HtmlEscape(id));
  if (!cls.empty()) html += fmt::format(" class=\"{}\"", HtmlEscape(cls));
  html += "><thead><tr>";
  for (const std::string& c : columns) html += "<th>" + HtmlEscape(c) + "</th>";
  return html + "</tr></thead><tbody>\n";
}

std::string TableEnd() { return "</tbody></table>\n"; }

std::string TrajectoryFileName(std::string_view id) {
  std::string out;
  for (unsigned char c : id) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || (c == '.' && !out.empty())) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out + ".html";
}

std::string TrajectoryLink(std::string_view id, std::string_view prefix) {
  // The file name's "%" must itself be escaped in the URL.
  std::string file = TrajectoryFileName(id);
  std::string href;
  for (char c : file) href += c == '%' ? std::string("%25") : std::string(1, c);
  return fmt::format("<a href=\"{}trajectories/{}\">{}</a>", prefix.empty() ? "" : std::string(prefix) + "/",
                     href, HtmlEscape(id));
}

std::string Plural(long long n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

}  // namespace t2s
