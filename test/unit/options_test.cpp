// Option parsing: defaults, separators, unknown keys, bad values, help, and
// the accessors platforms use.
#include <gtest/gtest.h>

#include <csetjmp>

#include "kmemsan_core.h"
#include "options.h"
#include "test_platform.h"

using namespace kmemsan;

namespace {

class OptionsParse : public ::testing::Test {
protected:
  void SetUp() override { testplat::reset(); }
  void TearDown() override { testplat::reset(); }
};

TEST_F(OptionsParse, Defaults) {
  options_set_defaults();
  const Options &o = options();
  EXPECT_TRUE(o.kasan);
  EXPECT_FALSE(o.klsan);
  EXPECT_TRUE(o.multi_shot);
  EXPECT_FALSE(o.halt_on_error);
  EXPECT_EQ(o.report_limit, 0);
  EXPECT_EQ(o.quarantine_size_mb, 64u);
  EXPECT_TRUE(o.symbolize);
  EXPECT_EQ(o.stack_depth, 32);
  EXPECT_STREQ(o.log_path, "");
}

TEST_F(OptionsParse, AllSeparators) {
  ASSERT_TRUE(options_parse(
      "halt_on_error=1:report_limit=3,quarantine_size_mb=0 symbolize=false\t"
      "log_path=/tmp/k.log\nmulti_shot=0::"));
  const Options &o = options();
  EXPECT_TRUE(o.halt_on_error);
  EXPECT_EQ(o.report_limit, 3);
  EXPECT_EQ(o.quarantine_size_mb, 0u);
  EXPECT_FALSE(o.symbolize);
  EXPECT_FALSE(o.multi_shot);
  EXPECT_STREQ(o.log_path, "/tmp/k.log");
  EXPECT_STREQ(kmemsan_option_string("log_path"), "/tmp/k.log");
  EXPECT_EQ(kmemsan_option_string("kasan"), nullptr);
  EXPECT_EQ(kmemsan_option_int("report_limit"), 3);
  EXPECT_EQ(kmemsan_option_int("halt_on_error"), 1);
  EXPECT_EQ(kmemsan_option_int("no_such_option"), -1);
  EXPECT_TRUE(testplat::output().empty());
}

TEST_F(OptionsParse, EmptyAndNull) {
  EXPECT_TRUE(options_parse(""));
  EXPECT_TRUE(options_parse(nullptr));
  EXPECT_TRUE(options_parse(" , : "));
  EXPECT_TRUE(options().kasan);
}

TEST_F(OptionsParse, UnknownKeyPrintsTheListAndFails) {
  EXPECT_FALSE(options_parse("kasan=1:bogus_key=2"));
  std::vector<std::string> lines = testplat::output_lines();
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0], "kmemsan: unknown option 'bogus_key' in KMEMSAN_OPTIONS");
  std::string all = testplat::output();
  EXPECT_NE(all.find("halt_on_error"), std::string::npos);
  EXPECT_NE(all.find("quarantine_size_mb"), std::string::npos);
  EXPECT_NE(all.find("report_limit"), std::string::npos);
}

TEST_F(OptionsParse, BadValues) {
  EXPECT_FALSE(options_parse("halt_on_error=maybe"));
  EXPECT_EQ(testplat::output_lines()[0],
            "kmemsan: bad value 'maybe' for option 'halt_on_error' in "
            "KMEMSAN_OPTIONS");
  testplat::output().clear();
  EXPECT_FALSE(options_parse("quarantine_size_mb=-1"));
  EXPECT_FALSE(options_parse("report_limit=12x"));
  EXPECT_FALSE(options_parse("stack_depth=0"));
  EXPECT_FALSE(options_parse("stack_depth=65"));
  testplat::output().clear();
  EXPECT_FALSE(options_parse("kasan"));
  EXPECT_EQ(testplat::output_lines()[0],
            "kmemsan: option 'kasan' needs a value ('kasan=...') in "
            "KMEMSAN_OPTIONS");
  EXPECT_FALSE(options_parse("quarantine_size_mb=99999999999999999999999"));
}

TEST_F(OptionsParse, HelpPrintsTheTable) {
  EXPECT_TRUE(options_parse("help=1"));
  std::string all = testplat::output();
  EXPECT_NE(all.find("kmemsan: options"), std::string::npos);
  EXPECT_NE(all.find("stack_depth"), std::string::npos);
  EXPECT_NE(all.find("default 32"), std::string::npos);
}

TEST_F(OptionsParse, InitHaltsOnUnknownKey) {
  // options_init is what kmemsan_init runs: it must halt on errors.
  testplat::set_options("quarantine_size=5");
  std::jmp_buf jb;
  testplat::halt_target = &jb;
  if (setjmp(jb) == 0) {
    options_init();
    FAIL() << "options_init returned";
  }
  EXPECT_EQ(testplat::halt_calls, 1);
  EXPECT_EQ(testplat::output_lines()[0],
            "kmemsan: unknown option 'quarantine_size' in KMEMSAN_OPTIONS");
}

TEST_F(OptionsParse, InitReadsThePlatformString) {
  testplat::set_options("report_limit=7");
  options_init();
  EXPECT_EQ(options().report_limit, 7);
}

} // namespace
