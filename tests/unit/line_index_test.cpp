#include "compiler/base/line_index.h"
#include "compiler/base/suggest.h"

#include <gtest/gtest.h>

namespace locus {
namespace {

TEST(LineIndex, MapsOffsetsToLineAndColumn) {
  LineIndex index("ab\ncd\n\nx");
  EXPECT_EQ(index.position(0).line, 1u);
  EXPECT_EQ(index.position(1).col, 2u);
  EXPECT_EQ(index.position(3).line, 2u);
  EXPECT_EQ(index.position(3).col, 1u);
  EXPECT_EQ(index.position(7).line, 4u);
  EXPECT_EQ(index.lineCount(), 4u);
}

TEST(Suggest, FindsCloseNamesOnly) {
  std::vector<std::string> names = {"Customer", "Order", "Product"};
  EXPECT_EQ(closestMatch("Custmer", names), "Customer");
  EXPECT_EQ(closestMatch("customer", names), "Customer");
  EXPECT_EQ(closestMatch("Zebra", names), "");
  EXPECT_EQ(didYouMean("Ordr", names), "did you mean 'Order'?");
}

} // namespace
} // namespace locus
