#include "report/page.h"

#include <gtest/gtest.h>

namespace t2s {
namespace {

TEST(PageTest, IsOneSelfContainedDocumentWithAnEscapedTitle) {
  std::string html = HtmlPage("evolve: <x> & \"y\"", "<p>body</p>\n");
  EXPECT_EQ(html.rfind("<!doctype html>\n", 0), 0u);
  EXPECT_NE(html.find("<title>evolve: &lt;x&gt; &amp; &quot;y&quot;</title>"), std::string::npos);
  EXPECT_NE(html.find("<body>\n<p>body</p>\n<script>"), std::string::npos);
  // Nothing is fetched: no remote address, no script or style sheet file.
  EXPECT_EQ(html.find("http"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
}

TEST(PageTest, EmptySectionsSayNone) {
  EXPECT_EQ(NoneLine(), "<p class=\"none\">none</p>\n");
}

TEST(PageTest, TablesHaveEscapedHeadsAndABody) {
  EXPECT_EQ(TableStart("t", "c", {"a<b", "c"}),
            "<table id=\"t\" class=\"c\"><thead><tr><th>a&lt;b</th><th>c</th></tr></thead><tbody>\n");
  EXPECT_EQ(TableEnd(), "</tbody></table>\n");
}

TEST(PageTest, TrajectoryPagesStayInTheirFolder) {
  EXPECT_EQ(TrajectoryFileName("airline-17_b.2"), "airline-17_b.2.html");
  EXPECT_EQ(TrajectoryFileName("../../etc/passwd"), "%2E.%2F..%2Fetc%2Fpasswd.html");
  EXPECT_EQ(TrajectoryFileName("a b<\"c"), "a%20b%3C%22c.html");
}

TEST(PageTest, TrajectoryLinksEscapeTheIdAndThePercentSigns) {
  EXPECT_EQ(TrajectoryLink("t1"), "<a href=\"trajectories/t1.html\">t1</a>");
  EXPECT_EQ(TrajectoryLink("a<b", ".."), "<a href=\"../trajectories/a%253Cb.html\">a&lt;b</a>");
}

TEST(PageTest, Plurals) {
  EXPECT_EQ(Plural(1, "edit"), "1 edit");
  EXPECT_EQ(Plural(0, "edit"), "0 edits");
}

}  // namespace
}  // namespace t2s
