// The react generator's markup: directives, conditionals, loops with keys, slots, built-ins,
// and W0809 for what it cannot express.
#include "generators/react/react_generator.h"
#include "tests/unit/gen_test_util.h"

#include <gtest/gtest.h>

namespace locus {
namespace {

using testing::irOf;
using testing::runGenerator;

std::string pageOf(const std::string& source, const std::string& page,
                   std::vector<GeneratorMessage>* messages = nullptr, bool allowErrors = false) {
  GeneratorOutput out = runGenerator(reactGenerator(), irOf(source, allowErrors));
  if (messages)
    *messages = out.messages;
  else
    for (const GeneratorMessage& m : out.messages) ADD_FAILURE() << m.message;
  auto it = out.files.find("web/src/pages/" + page + ".tsx");
  if (it == out.files.end()) it = out.files.find("web/src/components/" + page + ".tsx");
  return it == out.files.end() ? std::string() : it->second;
}

using testing::has;

TEST(GenReactMarkup, BindValueIsAControlledInput) {
  std::string tsx = pageOf(R"(page P {
    state { name: String = ""  age: Integer = 0  ok: Boolean = false }
    ui { <Stack><Input bind:value={name} /><input bind:value={age} /><Checkbox bind:checked={ok} /></Stack> }
  })",
                           "P");
  EXPECT_TRUE(has(tsx, "<rt.Input value={name ?? \"\"} onChange={(e: unknown) => { "
                       "setName(rt.eventValue(e)); }} />"))
      << tsx;
  EXPECT_TRUE(has(
      tsx,
      "<input value={age ?? \"\"} onChange={(e: unknown) => { setAge(rt.eventNumber(e)); }} />"))
      << tsx;
  EXPECT_TRUE(
      has(tsx, "checked={Boolean(ok)} onChange={(e: unknown) => { setOk(rt.eventChecked(e)); }}"))
      << tsx;
}

TEST(GenReactMarkup, ForEachKeysEntitiesByIdAndOthersByIndex) {
  std::string tsx = pageOf(R"(
    database { entity Task { title: String } }
    page P {
      state { tasks: Task[] = []  words: String[] = [] }
      ui { <ul><li for:each={t in tasks}>{t.title}</li><li for:each={w, i in words}>{w}</li></ul> }
    })",
                           "P");
  EXPECT_TRUE(has(tsx, "{(tasks ?? []).map((t, index$0) => (")) << tsx;
  EXPECT_TRUE(has(tsx, "<li key={t.id}>")) << tsx;
  EXPECT_TRUE(has(tsx, "{(words ?? []).map((w, i) => (")) << tsx;
  EXPECT_TRUE(has(tsx, "<li key={i}>")) << tsx;
}

// Text keeps the spaces at its ends (the IR collapses runs of whitespace; a text node that is
// only whitespace between two values is dropped by the front end today, see docs).
TEST(GenReactMarkup, SpacesAroundInlineTextAreKept) {
  std::string tsx =
      pageOf(R"(page P { state { a: String = ""  b: String = "" } ui { <p>{a} x {b}</p> } })", "P");
  EXPECT_TRUE(has(tsx, "{rt.show(a)}\n        {\" x \"}\n        {rt.show(b)}")) << tsx;
}

// `{a} {b}`: the space alone between two interpolations is content (it was dropped once, so
// `{first} {last}` rendered as "JaneDoe"); whitespace holding a line break is layout.
TEST(GenReactMarkup, ASpaceAloneBetweenInterpolationsIsKept) {
  std::string tsx = pageOf(R"(page P { state { a: String = ""  b: String = "" }
    ui { <p>{a} {b}</p><p>{a}
         {b}</p> } })",
                           "P");
  EXPECT_TRUE(has(tsx, "{rt.show(a)}\n        {\" \"}\n        {rt.show(b)}")) << tsx;
  EXPECT_TRUE(has(tsx, "{rt.show(a)}\n        {rt.show(b)}")) << tsx;
}

TEST(GenReactMarkup, IfElseifElseIsOneConditional) {
  std::string tsx = pageOf(R"(page P {
    state { n: Integer = 0 }
    ui { <div><if condition={n > 1}><p>many</p></if><elseif condition={n == 1}><p>one</p></elseif><else><p>none</p></else></div> }
  })",
                           "P");
  EXPECT_TRUE(has(tsx, "{(n > 1) ? (")) << tsx;
  EXPECT_TRUE(has(tsx, ") : (n === 1) ? (")) << tsx;
  EXPECT_TRUE(has(tsx, ") : (\n")) << tsx;
  EXPECT_FALSE(has(tsx, ": null}")) << tsx;
}

TEST(GenReactMarkup, SlotsBuiltinsHandlersAndComponents) {
  std::string card = pageOf(
      R"(component Card { param title: String  ui { <div class="c"><h2>{title}</h2><slot/><slot name="footer"/></div> } })",
      "Card");
  EXPECT_TRUE(has(card, "{children}")) << card;
  EXPECT_TRUE(has(card, "{footer}")) << card;
  EXPECT_TRUE(has(card, "footer?: ReactNode;")) << card;
  EXPECT_TRUE(has(card, "<div className=\"c\">")) << card;
  std::string page = pageOf(R"(
    component Card { param title: String  ui { <div>{title}<slot/></div> } }
    page P {
      state { n: Integer = 0 }
      action bump() { n = n + 1 }
      action add(by: Integer) { n = n + by }
      ui { <Card title="T"><Button on:click={bump}>+</Button><Button on:click={add(2)}>+2</Button></Card> }
    })",
                            "P");
  EXPECT_TRUE(has(page, "import { Card } from \"../components/Card\";")) << page;
  EXPECT_TRUE(has(page, "<Card title=\"T\">")) << page;
  EXPECT_TRUE(has(page, "<rt.Button onClick={() => rt.runAction(bump())}>")) << page;
  EXPECT_TRUE(has(page, "(await add(2));")) << page;
}

TEST(GenReactMarkup, UnsupportedConstructsAreReportedWithTheirSpan) {
  std::vector<GeneratorMessage> messages;
  std::string tsx = pageOf(R"(
    database { entity Task { title: String } }
    action archive(id: Integer) { delete(Task, id) }
    page P {
      state { tasks: Task[] = [] }
      ui { <div><p>{find(Task)}</p><button on:click={archive}>x</button></div> }
    })",
                           "P", &messages, /*allowErrors=*/true); // check: E0413, E0412
  ASSERT_EQ(messages.size(), 2u);
  for (const GeneratorMessage& m : messages) {
    EXPECT_EQ(m.kind, DiagKind::GeneratorUnsupported);
    EXPECT_EQ(m.span.value("line", 0), 6) << m.message;
  }
  EXPECT_TRUE(has(messages[0].message, "data function 'find' while rendering"))
      << messages[0].message;
  EXPECT_TRUE(has(messages[1].message, "server action 'archive'")) << messages[1].message;
  // The generated code fails loudly at that point instead of doing something else.
  EXPECT_TRUE(has(tsx, "rt.unsupported(")) << tsx;
}

} // namespace
} // namespace locus
