// What every evolve run folder must satisfy, whatever the model answered
// (issue 11): nothing is lost without a recorded reason.
#ifndef T2S_TESTING_RUN_INVARIANTS_H_
#define T2S_TESTING_RUN_INVARIANTS_H_

#include <filesystem>
#include <string>
#include <vector>

namespace t2s::testing {

// The violations of the run in `out` made from the seed skill in
// `seed_dir` (empty when it holds):
//  1. every applied edit's text is in the output skill;
//  2. every line of S0 is still in the output skill (moved is fine) unless
//     an applied replace_text, delete_section, delete_file or replacing
//     create_file took it;
//  3. every edit an analyst proposed (patches/L0-*.json) ends applied,
//     routed into an applied edit, dropped with a reason, or merged into an
//     edit whose chain ends so; no internal fate ("carried") is left.
std::vector<std::string> RunInvariantViolations(const std::filesystem::path& seed_dir,
                                                const std::filesystem::path& out);

}  // namespace t2s::testing

#endif  // T2S_TESTING_RUN_INVARIANTS_H_
