#include "testing/evolve_responder.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "base/hash.h"
#include "skill/patch.h"

namespace t2s::testing {
namespace {

using Json = nlohmann::json;

std::string SchemaName(const Json& body, const std::string& user) {
  if (body.contains("response_format") && body["response_format"].contains("json_schema")) {
    return body["response_format"]["json_schema"].value("name", "");
  }
  if (body.contains("tool_choice") && body["tool_choice"].is_object()) {  // Anthropic
    return body["tool_choice"].value("name", "");
  }
  for (const char* name : {"t2s_analysis", "t2s_merge", "t2s_patch"}) {
    if (user.find(std::string("(named ") + name + ")") != std::string::npos) return name;
  }
  return "";
}

// An edit with every field of the edit schema: the ones given, the rest null
// (a constrained decoder must emit every declared property).

FakeReply Json200(const Json& content) {
  FakeReply r;
  r.content = content.dump();
  return r;
}

}  // namespace

Json FullEdit(Json e, const char* extra) {
  Json out = Json::object();
  if (extra != nullptr) out[extra] = e.contains(extra) ? e[extra] : Json();
  std::vector<std::string> keys;
  for (const EditTextField& f : kEditTextFields) keys.emplace_back(f.name);
  keys.push_back("replace");
  for (const std::string& key : keys) out[key] = e.contains(key) ? e[key] : Json();
  return out;
}

FakeReply EvolveResponder(const SeenRequest& request) {
  Json body = Json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("messages")) return Json200(Json::object());
  // Text, or Anthropic text blocks (a marked cache prefix splits the message).
  std::string user;
  const Json& content = body["messages"].back()["content"];
  if (content.is_string()) user = content.get<std::string>();
  for (const Json& block : content.is_array() ? content : Json::array()) {
    if (block.is_object() && block.value("type", "") == "text") user += block.value("text", "");
  }
  std::string schema = SchemaName(body, user);
  if (schema == "t2s_analysis") {
    std::smatch m;
    std::string section = "## Notes";
    std::regex heading("\n(## [^\n]+)\n");
    if (std::regex_search(user, m, heading)) section = m[1].str();
    bool failed = user.find("Outcome: fail") != std::string::npos;
    Json edits = Json::array();
    edits.push_back(FullEdit({{"file", "SKILL.md"},
                              {"op", "append_to_section"},
                              {"section", section},
                              {"content", failed ? "- Re-check totals and ids before any write action."
                                                 : "- Confirm the plan with the user before acting."}}));
    size_t steps = user.find("Steps: ");
    std::string tail = steps == std::string::npos ? "" : user.substr(steps, 12);
    edits.push_back(FullEdit(
        {{"file", "SKILL.md"},
         {"op", "append_to_section"},
         {"section", section},
         {"content", "- Observation " + HexHash(user).substr(0, 6) + " (" + tail + ")."}}));
    Json cause = {{"title", "cause"}, {"evidence", "step 1"}, {"explanation", "why"}};
    Json lesson = {{"title", "lesson"},
                   {"when", "always"},
                   {"do", "check"},
                   {"avoid", "guessing"},
                   {"evidence_steps", {1}}};
    return Json200({{"kind", failed ? "error" : "success"},
                    {"causes", {cause}},
                    {"lessons", {lesson}},
                    {"edits", edits},
                    {"changelog", {"one lesson"}}});
  }
  if (schema == "t2s_merge") {
    // A careful merge, as a good model makes one: the one-off observations
    // are dropped with a reason; the other edits of a target become one edit
    // whose content holds every distinct line of theirs, so it carries each.
    struct Slot {
      std::vector<std::string> from;
      Json first;
      std::vector<std::string> lines;
    };
    std::map<std::string, Slot> by_target;
    Json dropped = Json::array();
    std::regex line("E(\\d+) \\(support \\d+\\): (\\{[^\n]*\\})");
    for (std::sregex_iterator it(user.begin(), user.end(), line), end; it != end; ++it) {
      Json e = Json::parse((*it)[2].str(), nullptr, false);
      if (!e.is_object()) continue;
      std::string name = "E" + (*it)[1].str();
      std::string content =
          e.contains("content") && e["content"].is_string() ? e["content"].get<std::string>() : "";
      if (content.rfind("- Observation ", 0) == 0) {
        dropped.push_back({{"id", name}, {"reason", "a one-off observation, not a lesson"}});
        continue;
      }
      Slot& slot = by_target[e.value("file", "") + "|" + e.value("section", "")];
      slot.from.push_back(name);
      if (slot.first.is_null()) slot.first = e;
      for (size_t at = 0; at <= content.size();) {
        size_t nl = content.find('\n', at);
        std::string text =
            content.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
        if (!text.empty() &&
            std::find(slot.lines.begin(), slot.lines.end(), text) == slot.lines.end())
          slot.lines.push_back(text);
        if (nl == std::string::npos) break;
        at = nl + 1;
      }
    }
    Json edits = Json::array();
    for (auto& [key, slot] : by_target) {
      Json e = slot.first;
      if (!slot.lines.empty()) {
        std::string content;
        for (const std::string& l : slot.lines) content += (content.empty() ? "" : "\n") + l;
        e["content"] = content;
      }
      e["from"] = slot.from;
      edits.push_back(FullEdit(std::move(e), "from"));
    }
    return Json200({{"edits", edits},
                    {"dropped", dropped},
                    {"rationale", "one edit per target; observations dropped"},
                    {"changelog", {"merged"}}});
  }
  if (schema == "t2s_patch" && user.rfind("Skill name: ", 0) == 0) {
    std::string name = user.substr(12, user.find('\n') - 12);
    std::string md = "---\nname: " + name + "\ndescription: A drafted skill for tests.\n---\n\n# " +
                     name + "\n\nWork step by step.\n\n## Approach\n\n- Read before you write.\n";
    return Json200(
        {{"edits",
          {FullEdit({{"file", "SKILL.md"}, {"op", "create_file"}, {"content", md}}, "id")}},
         {"changelog", {"drafted"}}});
  }
  return Json200({{"edits", Json::array()}, {"changelog", Json::array()}});
}

}  // namespace t2s::testing
