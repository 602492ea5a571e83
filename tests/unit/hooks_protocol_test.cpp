// Wire protocol v1: framing and JSON-RPC 2.0 parsing (docs/design/DESIGN.md §5).
#include "hooks/protocol/framing.h"
#include "hooks/protocol/json_rpc.h"

#include <gtest/gtest.h>

using namespace locus::hooks;

namespace {
// Feeds `bytes` one byte at a time and collects every frame until NeedMore or Violation.
std::vector<std::string> readAll(FrameReader& reader, std::string_view bytes,
                                 FrameReader::Status* last = nullptr) {
  std::vector<std::string> frames;
  FrameReader::Status status = FrameReader::Status::NeedMore;
  for (char c : bytes) {
    reader.feed(std::string_view(&c, 1));
    std::string body;
    while ((status = reader.next(body)) == FrameReader::Status::Frame) frames.push_back(body);
    if (status == FrameReader::Status::Violation) break;
  }
  if (last) *last = status;
  return frames;
}
} // namespace

TEST(HooksProtocolFraming, RoundTripsFramesSplitAtEveryByte) {
  std::string stream = encodeFrame(R"({"a":1})") + encodeFrame("") + encodeFrame("[\"é\"]");
  FrameReader reader;
  FrameReader::Status status;
  auto frames = readAll(reader, stream, &status);
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[0], R"({"a":1})");
  EXPECT_EQ(frames[1], "");
  EXPECT_EQ(frames[2], "[\"é\"]");
  EXPECT_EQ(status, FrameReader::Status::NeedMore);
  EXPECT_FALSE(reader.midFrame());
}

TEST(HooksProtocolFraming, ReadsSeveralFramesFromOneChunk) {
  FrameReader reader;
  reader.feed(encodeFrame("1") + encodeFrame("22") + "Content-Le");
  std::string body;
  ASSERT_EQ(reader.next(body), FrameReader::Status::Frame);
  EXPECT_EQ(body, "1");
  ASSERT_EQ(reader.next(body), FrameReader::Status::Frame);
  EXPECT_EQ(body, "22");
  EXPECT_EQ(reader.next(body), FrameReader::Status::NeedMore);
  EXPECT_TRUE(reader.midFrame());
}

TEST(HooksProtocolFraming, AcceptsContentTypeAndAnyHeaderCase) {
  FrameReader reader;
  reader.feed("content-length: 2\r\nContent-Type: application/json\r\n\r\n{}");
  std::string body;
  ASSERT_EQ(reader.next(body), FrameReader::Status::Frame);
  EXPECT_EQ(body, "{}");
}

struct BadStream {
  const char* bytes;
  const char* expectedReason;
};

class HooksProtocolFramingViolation : public testing::TestWithParam<BadStream> {};

TEST_P(HooksProtocolFramingViolation, IsReportedWithAReason) {
  FrameLimits limits;
  limits.maxMessageBytes = 100;
  limits.maxHeaderBytes = 64;
  FrameReader reader(limits);
  FrameReader::Status status;
  readAll(reader, GetParam().bytes, &status);
  ASSERT_EQ(status, FrameReader::Status::Violation) << GetParam().bytes;
  EXPECT_NE(reader.violation().find(GetParam().expectedReason), std::string::npos)
      << reader.violation();
  std::string body;
  EXPECT_EQ(reader.next(body), FrameReader::Status::Violation) << "violations are sticky";
}

INSTANTIATE_TEST_SUITE_P(
    Garbage, HooksProtocolFramingViolation,
    testing::Values(BadStream{"{\"jsonrpc\":\"2.0\"}", "bytes outside a frame"},
                    BadStream{"hello world\n", "bytes outside a frame"},
                    BadStream{"Content-Length: 101\r\n\r\n", "exceeds the cap of 100"},
                    BadStream{"Content-Length: 99999999999999999999999\r\n\r\n", "not a decimal"},
                    BadStream{"Content-Length: -1\r\n\r\n", "not a decimal"},
                    BadStream{"Content-Length: 1x\r\n\r\n", "not a decimal"},
                    BadStream{"Content-Length: \r\n\r\n", "not a decimal"},
                    BadStream{"Content-Length: 1\r\nContent-Length: 1\r\n\r\n", "duplicate"},
                    BadStream{"X-Evil: 1\r\n\r\n", "unknown header"},
                    BadStream{"Content-Type: a\r\n\r\n", "without Content-Length"},
                    BadStream{"Content-Lengthhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh",
                              "longer than 64"},
                    BadStream{"Content-Length: 1           \r\n                                "
                              "         \r\n\r\n",
                              "longer than 64"}));

TEST(HooksProtocolJsonRpc, SerializesAndParsesRequests) {
  RpcRequest request{7, "onPostValidate", {{"program", {{"entities", 3}}}}};
  RpcMessage parsed = parseRpcMessage(serializeRequest(request));
  ASSERT_TRUE(std::holds_alternative<RpcRequest>(parsed));
  const auto& back = std::get<RpcRequest>(parsed);
  EXPECT_EQ(back.id, 7);
  EXPECT_EQ(back.method, "onPostValidate");
  EXPECT_EQ(back.params["program"]["entities"], 3);
}

TEST(HooksProtocolJsonRpc, SerializesAndParsesResultsAndErrors) {
  RpcResponse ok{1, {{"files", {{"a.py", "x"}}}}, std::nullopt};
  auto parsedOk = parseRpcMessage(serializeResponse(ok));
  ASSERT_TRUE(std::holds_alternative<RpcResponse>(parsedOk));
  EXPECT_EQ(std::get<RpcResponse>(parsedOk).result["files"]["a.py"], "x");
  EXPECT_FALSE(std::get<RpcResponse>(parsedOk).error);

  RpcResponse failed{2, nullptr,
                     RpcError{-32000, "bad entity", {{"diagnostics", nlohmann::json::array()}}}};
  auto parsedError = parseRpcMessage(serializeResponse(failed));
  ASSERT_TRUE(std::holds_alternative<RpcResponse>(parsedError));
  const auto& error = std::get<RpcResponse>(parsedError).error;
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, -32000);
  EXPECT_EQ(error->message, "bad entity");
  EXPECT_TRUE(error->data["diagnostics"].is_array());
}

TEST(HooksProtocolJsonRpc, NullResultIsAResult) {
  auto parsed = parseRpcMessage(R"({"jsonrpc":"2.0","id":1,"result":null})");
  ASSERT_TRUE(std::holds_alternative<RpcResponse>(parsed));
  EXPECT_FALSE(std::get<RpcResponse>(parsed).error);
}

TEST(HooksProtocolJsonRpc, RejectsMalformedMessages) {
  const char* bad[] = {
      "not json",
      "[1,2]",
      R"({"id":1,"result":{}})",
      R"({"jsonrpc":"1.0","id":1,"result":{}})",
      R"({"jsonrpc":"2.0","id":1})",
      R"({"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"x"}})",
      R"({"jsonrpc":"2.0","id":{},"result":{}})",
      R"({"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}})",
      R"({"jsonrpc":"2.0","id":1,"error":"boom"})",
      R"({"jsonrpc":"2.0","id":1,"method":5})",
      R"({"jsonrpc":"2.0","id":1,"method":"m","params":"s"})",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"\xff\xfe\"}",
  };
  for (const char* message : bad) {
    auto parsed = parseRpcMessage(message);
    ASSERT_TRUE(std::holds_alternative<ProtocolViolation>(parsed)) << message;
    EXPECT_FALSE(std::get<ProtocolViolation>(parsed).reason.empty());
  }
}

TEST(HooksProtocolJsonRpc, RequestWithParamsTextIsTheSameMessage) {
  nlohmann::json params = {{"ast", {{"kind", "file"}, {"names", {"a", "b\"c"}}}}, {"files", {"x.locus"}}};
  std::string text = serializeRequestText(9, "onPostValidate", params.dump());
  EXPECT_EQ(text, serializeRequest(RpcRequest{9, "onPostValidate", params}));
  RpcMessage parsed = parseRpcMessage(text);
  ASSERT_TRUE(std::holds_alternative<RpcRequest>(parsed));
  EXPECT_EQ(std::get<RpcRequest>(parsed).params, params);
}
