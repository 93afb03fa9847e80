#include "trace/label_rule.h"

#include <gtest/gtest.h>

namespace t2s {
namespace {

TEST(LabelRuleTest, NumbersAreLabelledByTheThreshold) {
  Trajectory t;
  LabelFromNumber(0.5, "inspect", "scores.model_graded_fact", &t);
  EXPECT_EQ(t.outcome.label, Label::kFail);
  EXPECT_EQ(t.metadata["label_rule"], "reward >= 1");
  EXPECT_EQ(t.metadata["label_source"], "scores.model_graded_fact");
  ApplyLabelThreshold(0.5, &t);
  EXPECT_EQ(t.outcome.label, Label::kSuccess);
  EXPECT_EQ(t.metadata["label_rule"], "reward >= 0.5");
  ApplyLabelThreshold(0.75, &t);
  EXPECT_EQ(t.outcome.label, Label::kFail);
  EXPECT_EQ(t.metadata["label_rule"], "reward >= 0.75");
}

TEST(LabelRuleTest, StatedLabelsKeepTheirLabel) {
  Trajectory t;
  LabelStated(Label::kFail, 0.0, "inspect", "scores.match", &t);
  ApplyLabelThreshold(0.0, &t);
  EXPECT_EQ(t.outcome.label, Label::kFail);
  EXPECT_EQ(t.metadata.count("label_rule"), 0u);
  Trajectory unlabelled;
  unlabelled.outcome.reward = 1.0;  // a reward with no rule: not ours to relabel
  ApplyLabelThreshold(0.5, &unlabelled);
  EXPECT_EQ(unlabelled.outcome.label, Label::kUnknown);
}

}  // namespace
}  // namespace t2s
