#include "report/trajectory_page.h"

#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "report/page.h"

namespace t2s {
namespace {

constexpr size_t kFoldChars = 4000;  // longer contents start folded

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// The numbers after one "step"/"steps": "3, 5 and 7", "4-6" (ranges up to 50 long).
void ReadStepNumbers(std::string_view s, std::set<int64_t>* out) {
  size_t i = 0;
  int64_t previous = -1;
  bool range = false;
  while (i < s.size()) {
    if (IsDigit(s[i])) {
      int64_t n = 0;
      while (i < s.size() && IsDigit(s[i]) && n < 1'000'000) n = n * 10 + (s[i++] - '0');
      if (range && previous >= 0 && n > previous && n - previous <= 50) {
        for (int64_t k = previous + 1; k <= n; ++k) out->insert(k);
      } else {
        out->insert(n);
      }
      previous = n;
      range = false;
    } else if (s[i] == '-') {  // "4-6"
      range = true;
      ++i;
    } else if (s[i] == ',' || s[i] == ' ' || s[i] == '#' || s[i] == '&') {
      ++i;
    } else if (s.substr(i, 4) == "and ") {
      i += 4;
    } else if (s.substr(i, 3) == "to ") {
      range = true;
      i += 3;
    } else {
      break;
    }
  }
}

std::string StepClass(const Step& s, bool cited) {
  std::string cls = "step";
  if (cited) cls += " cited";
  if (s.is_error) cls += " error";
  return cls;
}

// Long text folds; short text shows.
std::string ContentHtml(std::string_view text, bool fold) {
  std::string pre = "<pre>" + HtmlEscape(text) + "</pre>";
  if (!fold && text.size() <= kFoldChars) return pre + "\n";
  return fmt::format("<details><summary>{} characters</summary>{}</details>\n", text.size(), pre);
}

// Arguments as indented JSON when they are JSON, else as they are.
std::string ArgumentsText(const std::string& arguments) {
  nlohmann::json j = nlohmann::json::parse(arguments, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return arguments;
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string StepHtml(const Step& s, size_t number, bool cited) {
  std::string who = std::string(RoleName(s.role));
  if (s.role == Role::kTool) who += s.name.empty() ? "" : " " + s.name;
  std::string html = fmt::format(
      "<div class=\"{}\" id=\"step-{}\"><div><span class=\"role\">[{}] {}</span>{}{}{}</div>\n",
      StepClass(s, cited), number, number, HtmlEscape(who),
      s.tool_call_id.empty() ? "" : " <span class=\"muted\">(answers " + HtmlEscape(s.tool_call_id) + ")</span>",
      s.is_error ? " <strong class=\"warn\">error</strong>" : "",
      cited ? " <strong>cited by the analyst</strong>" : "");
  if (!s.reasoning.empty()) {
    html += "<details><summary>reasoning</summary><pre>" + HtmlEscape(s.reasoning) +
            "</pre></details>\n";
  }
  if (!s.content.empty()) html += ContentHtml(s.content, s.role == Role::kSystem);
  for (const ToolCall& c : s.tool_calls) {
    html += fmt::format(
        "<div class=\"tool-call\">call <code>{}</code>{}<pre>{}</pre></div>\n", HtmlEscape(c.name),
        c.id.empty() ? "" : " <span class=\"muted\">(" + HtmlEscape(c.id) + ")</span>",
        HtmlEscape(ArgumentsText(c.arguments)));
  }
  return html + "</div>\n";
}

std::string CausesHtml(const std::vector<CauseText>& causes) {
  if (causes.empty()) return NoneLine();
  std::string html = "<ul>\n";
  for (const CauseText& c : causes) {
    html += fmt::format("<li><strong>{}</strong>{}{}</li>\n", HtmlEscape(c.title),
                        c.evidence.empty() ? "" : "<br>evidence: " + HtmlEscape(c.evidence),
                        c.explanation.empty() ? "" : "<br>" + HtmlEscape(c.explanation));
  }
  return html + "</ul>\n";
}

}  // namespace

std::set<int64_t> CitedSteps(const std::vector<CauseText>& causes,
                             const std::vector<LessonText>& lessons) {
  std::set<int64_t> out;
  for (const CauseText& c : causes) {
    std::string lower;
    for (char ch : c.evidence) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    size_t at = 0;
    while ((at = lower.find("step", at)) != std::string::npos) {
      at += 4;
      if (at < lower.size() && lower[at] == 's') ++at;
      while (at < lower.size() && lower[at] == ' ') ++at;
      ReadStepNumbers(std::string_view(lower).substr(at), &out);
    }
  }
  for (const LessonText& l : lessons) out.insert(l.evidence_steps.begin(), l.evidence_steps.end());
  return out;
}

std::string LessonsHtml(const std::vector<LessonText>& lessons) {
  if (lessons.empty()) return NoneLine();
  std::string html = "<ul class=\"lessons\">\n";
  for (const LessonText& l : lessons) {
    html += "<li><strong>" + HtmlEscape(l.title) + "</strong>";
    if (!l.when.empty()) html += "<br>when: " + HtmlEscape(l.when);
    if (!l.do_.empty()) html += "<br>do: " + HtmlEscape(l.do_);
    if (!l.avoid.empty()) html += "<br>avoid: " + HtmlEscape(l.avoid);
    if (!l.evidence_steps.empty()) {
      std::string steps;
      for (int64_t s : l.evidence_steps) steps += (steps.empty() ? "" : ", ") + std::to_string(s);
      html += "<br><span class=\"muted\">evidence: steps " + steps + "</span>";
    }
    html += "</li>\n";
  }
  return html + "</ul>\n";
}

std::string TrajectoryPageHtml(const TrajectoryPageInfo& info, const Trajectory* t) {
  std::string body = fmt::format(
      "<p><a href=\"../report.html\">&larr; {}</a></p>\n<h1 id=\"header\">trajectory {}</h1>\n",
      HtmlEscape(info.run_title.empty() ? "report" : info.run_title), HtmlEscape(info.id));
  body += "<dl class=\"kv\">\n";
  auto row = [&](std::string_view key, std::string_view value) {
    if (!value.empty()) body += fmt::format("<dt>{}</dt><dd>{}</dd>\n", key, value);
  };
  std::string label = info.label;
  if (label.empty() && t != nullptr) label = std::string(LabelName(t->outcome.label));
  row("label", HtmlEscape(label));
  row("fate", HtmlEscape(info.fate));
  row("reason", HtmlEscape(info.reason));
  if (t != nullptr) {
    if (t->outcome.reward) row("reward", fmt::format("{}", *t->outcome.reward));
    row("label source", HtmlEscape(t->outcome.source));
    for (const auto& [key, value] : t->metadata) row(HtmlEscape(key), HtmlEscape(value));
  }
  std::string detail = info.detail;
  if (detail.empty() && t != nullptr) detail = t->outcome.detail;
  row("checker", detail.empty() ? "" : "<pre>" + HtmlEscape(detail) + "</pre>");
  if (!info.edits.empty()) {
    std::string edits;
    for (const std::string& e : info.edits) {
      edits += fmt::format("{}<a href=\"../report.html#edit-{}\">{}</a>", edits.empty() ? "" : ", ",
                           HtmlEscape(e), HtmlEscape(e));
    }
    row("supports", edits);
  }
  body += "</dl>\n";

  std::set<int64_t> cited = CitedSteps(info.causes, info.lessons);
  if (!info.causes.empty() || !info.lessons.empty()) {
    body += SectionTitle("analysis", "The analyst's diagnosis");
    body += "<h3>Causes</h3>\n" + CausesHtml(info.causes);
    body += "<h3>Lessons</h3>\n" + LessonsHtml(info.lessons);
    if (!cited.empty()) {
      std::string links;
      for (int64_t s : cited) links += fmt::format("{}<a href=\"#step-{}\">{}</a>", links.empty() ? "" : ", ", s, s);
      body += "<p>Cited steps (highlighted below): " + links + "</p>\n";
    }
  }

  body += SectionTitle("steps", "Steps");
  if (t == nullptr) {
    body += fmt::format(
        "<p class=\"warn\">The trajectory could not be found at report time{}; this page shows "
        "what the run folder records.</p>\n",
        info.missing.empty() ? "" : ": " + HtmlEscape(info.missing));
  } else {
    if (!t->task.empty()) body += "<h3>Task</h3>\n" + ContentHtml(t->task, false);
    if (t->steps.empty()) body += NoneLine();
    for (size_t i = 0; i < t->steps.size(); ++i) {
      body += StepHtml(t->steps[i], i + 1, cited.count(static_cast<int64_t>(i + 1)) != 0);
    }
  }
  return HtmlPage("trajectory " + info.id, body);
}

}  // namespace t2s
