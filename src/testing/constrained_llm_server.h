// ConstrainedLlmServer: the fake LLM server as the strictest real one
// (constrained decoding, OpenAI strict mode; see constrained_reply.h). A
// scripted or computed answer that such a server could not have produced
// fails the test when the server goes away.
#ifndef T2S_TESTING_CONSTRAINED_LLM_SERVER_H_
#define T2S_TESTING_CONSTRAINED_LLM_SERVER_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/fake_llm_server.h"

namespace t2s::testing {

class ConstrainedLlmServer : public FakeLlmServer {
 public:
  explicit ConstrainedLlmServer(int threads = 8) : FakeLlmServer(threads) {
    set_constrained(true);
  }
  ~ConstrainedLlmServer() {
    EXPECT_EQ(violations(), std::vector<std::string>{})
        << "answers a constrained server could not have produced";
  }
};

}  // namespace t2s::testing

#endif  // T2S_TESTING_CONSTRAINED_LLM_SERVER_H_
