#include "trace/label_rule.h"

#include <fmt/format.h>

namespace t2s {
namespace {

constexpr const char* kRulePrefix = "reward >= ";

}  // namespace

void LabelFromNumber(double reward, const std::string& harness, const std::string& field,
                     Trajectory* t) {
  t->outcome.reward = reward;
  t->outcome.source = harness;
  t->metadata["label_source"] = field;
  t->metadata["label_rule"] = fmt::format("{}{}", kRulePrefix, kDefaultLabelThreshold);
  t->outcome.label = reward >= kDefaultLabelThreshold ? Label::kSuccess : Label::kFail;
}

void LabelStated(Label label, std::optional<double> reward, const std::string& harness,
                 const std::string& field, Trajectory* t) {
  t->outcome.label = label;
  t->outcome.reward = reward;
  t->outcome.source = harness;
  t->metadata["label_source"] = field;
  t->metadata.erase("label_rule");
}

void ApplyLabelThreshold(double threshold, Trajectory* t) {
  auto rule = t->metadata.find("label_rule");
  if (rule == t->metadata.end() || rule->second.rfind(kRulePrefix, 0) != 0 ||
      !t->outcome.reward) {
    return;
  }
  rule->second = fmt::format("{}{}", kRulePrefix, threshold);
  t->outcome.label = *t->outcome.reward >= threshold ? Label::kSuccess : Label::kFail;
}

}  // namespace t2s
