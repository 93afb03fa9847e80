#include "evolve/fates.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace t2s {
namespace {

std::vector<std::string> Top(const std::map<std::string, int>& counts, size_t n) {
  std::vector<std::pair<int, std::string>> sorted;
  for (const auto& [reason, count] : counts) sorted.emplace_back(-count, reason);
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < std::min(n, sorted.size()); ++i) {
    out.push_back(fmt::format("{} x {}", -sorted[i].first, sorted[i].second));
  }
  return out;
}

}  // namespace

std::vector<std::string> Fates::TopTrajectoryReasons(const std::string& fate, size_t n) const {
  std::map<std::string, int> counts;
  for (const auto& [id, f] : trajectories_) {
    if (f.fate == fate) ++counts[f.reason];
  }
  return Top(counts, n);
}

std::vector<std::string> Fates::TopEditReasons(const std::string& fate, size_t n) const {
  std::map<std::string, int> counts;
  for (const auto& [id, f] : edits_) {
    if (f.fate == fate) ++counts[f.reason];
  }
  return Top(counts, n);
}

std::string Fates::ToJson() const {
  using Json = nlohmann::ordered_json;
  Json trajectories = Json::array(), edits = Json::array();
  std::map<std::string, int> counts;
  for (const auto& [id, f] : trajectories_) {
    Json j = {{"id", id}, {"label", f.label}, {"fate", f.fate}};
    if (!f.reason.empty()) j["reason"] = f.reason;
    if (f.fate == "analyzed") j["edits"] = f.edits;
    trajectories.push_back(std::move(j));
    ++counts["trajectories_" + f.fate];
  }
  for (const auto& [id, f] : edits_) {
    Json j = {{"id", id}, {"fate", f.fate}};
    if (!f.into.empty()) j["into"] = f.into;
    if (!f.reason.empty()) j["reason"] = f.reason;
    if (!f.patch.empty()) j["patch"] = f.patch;
    j["sources"] = f.sources;
    edits.push_back(std::move(j));
    ++counts["edits_" + f.fate];
  }
  Json out = {{"schema", "t2s.fates/1"},
              {"counts", counts},
              {"trajectories", trajectories},
              {"edits", edits}};
  return out.dump(2) + "\n";
}

Result<Fates> Fates::FromJson(std::string_view json, std::string_view source) {
  using Json = nlohmann::json;
  Fates fates;
  std::string where = "$";
  try {
    Json root = Json::parse(json);
    if (root.value("schema", "") != "t2s.fates/1") {
      return Status::InvalidArgument(
          fmt::format("{}: $.schema: expected \"t2s.fates/1\"", source));
    }
    const Json& trajectories = root.at("trajectories");
    for (size_t i = 0; i < trajectories.size(); ++i) {
      where = fmt::format("$.trajectories[{}]", i);
      const Json& j = trajectories[i];
      fates.Trajectory({j.at("id").get<std::string>(), j.at("label").get<std::string>(),
                        j.at("fate").get<std::string>(), j.value("reason", ""),
                        j.value("edits", 0)});
    }
    const Json& edits = root.at("edits");
    for (size_t i = 0; i < edits.size(); ++i) {
      where = fmt::format("$.edits[{}]", i);
      const Json& j = edits[i];
      fates.Edit({j.at("id").get<std::string>(), j.at("fate").get<std::string>(),
                  j.value("into", ""), j.value("reason", ""), j.value("patch", ""),
                  j.at("sources").get<std::vector<std::string>>()});
    }
  } catch (const std::exception& e) {
    return Status::InvalidArgument(
        fmt::format("{}: {}: not fates as evolve writes them ({})", source, where, e.what()));
  }
  return fates;
}

}  // namespace t2s
