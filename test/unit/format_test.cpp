// The freestanding formatter used for every report line.
#include <gtest/gtest.h>

#include <string>

#include "format.h"

using kmemsan::format;

// fmt() forwards its format string, which -Wformat-security cannot see.
#pragma clang diagnostic ignored "-Wformat-security"

namespace {

template <typename... Args> std::string fmt(const char *f, Args... args) {
  char buf[256];
  format(buf, sizeof(buf), f, args...);
  return buf;
}

TEST(Format, PointerIsSixteenZeroPaddedHexDigits) {
  EXPECT_EQ(fmt("%p", reinterpret_cast<void *>(0x602000000073UL)),
            "0000602000000073");
  EXPECT_EQ(fmt("%p", reinterpret_cast<void *>(0xffff888003a7c073UL)),
            "ffff888003a7c073");
  EXPECT_EQ(fmt("%p", static_cast<void *>(nullptr)), "0000000000000000");
}

TEST(Format, Integers) {
  EXPECT_EQ(fmt("%d %d %u", 42, -7, 3000000000U), "42 -7 3000000000");
  EXPECT_EQ(fmt("%ld %lu", -1L, 18446744073709551614UL),
            "-1 18446744073709551614");
  EXPECT_EQ(fmt("%zu", static_cast<size_t>(115)), "115");
  EXPECT_EQ(fmt("%lx %x %X", 0x1a0UL, 0xfcU, 0xabU), "1a0 fc AB");
  EXPECT_EQ(fmt("%llu", 12345678901234ULL), "12345678901234");
}

TEST(Format, WidthAndPadding) {
  EXPECT_EQ(fmt("%02x %02x", 0x3U, 0xfcU), "03 fc");
  EXPECT_EQ(fmt("[%5d]", 42), "[   42]");
  EXPECT_EQ(fmt("[%-5d]", 42), "[42   ]");
  EXPECT_EQ(fmt("[%05d]", -42), "[-0042]");
  EXPECT_EQ(fmt("[%-6s]", "ab"), "[ab    ]");
  EXPECT_EQ(fmt("[%4s]", "ab"), "[  ab]");
  EXPECT_EQ(fmt("%*c", 4, '^'), "   ^");
}

TEST(Format, StringsAndChars) {
  EXPECT_EQ(fmt("%s/%u", "insmod", 93U), "insmod/93");
  EXPECT_EQ(fmt("%c%c", '>', ' '), "> ");
  EXPECT_EQ(fmt("%s", static_cast<const char *>(nullptr)), "(null)");
  EXPECT_EQ(fmt("100%%"), "100%");
}

TEST(Format, TruncatesAndReturnsFullLength) {
  char buf[8];
  size_t n = format(buf, sizeof(buf), "%s", "0123456789");
  EXPECT_EQ(n, 10u);
  EXPECT_STREQ(buf, "0123456");
}

} // namespace
