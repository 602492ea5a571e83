// checkUi: pages, components, stores — names in UI expressions, directives, if/elseif/else
// chains, unknown components/events, bind targets, duplicate members and component cycles.
// Each rule has a failing and a passing program, located by code and line.
#include "tests/unit/sema_wf_test_util.h"

#include <gmock/gmock.h>

namespace locus::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(SemaUi, ValidProgramHasNoDiagnostics) {
  auto d = check(R"(database { entity Product { name: String price: Integer } }
store Cart { state { count: Integer = 0 } action clear() { count = 0 } }
component ProductCard {
  param product: Product
  ui { <Card><Text>{product.name}</Text>{children}<slot name="footer"/></Card> }
}
page Shop {
  state { products: Product[] = []  query: String = ""  loading: Boolean = false  n: Integer = 0 }
  action refresh() { loading = true }
  ui {
    <Stack>
      <Input bind:value={query} on:input={setQuery(event.target.value)} />
      <Button on:click={refresh}>Reload {Cart.count}</Button>
      <Button on:click={setN(n + 1)}>{Math.max(n, 1)}</Button>
      <if condition={loading}><p>Loading</p></if>
      <elseif condition={len(products) == 0}><p>Empty</p></elseif>
      <else>
        <ProductCard for:each={p, i in products} product={p} key={i} />
      </else>
      <ul><li for:each={p in products} title={[p.name, {x: i18n(p.price)}]}>{p.name}</li></ul>
    </Stack>
  }
}
)");
  // i18n is unknown: the only diagnostic, found inside an array inside an object.
  EXPECT_THAT(codesAt(d), ElementsAre("E0401@20:60")) << dump(d);
}

TEST(SemaUi, PeerStyleComponentHasNoDiagnostics) {
  auto d = check(R"(component Card0 {
  param title: String
  param items: list of String
  ui {
    <Stack>
      <Text>{title}</Text>
      <ul><li for:each={it in items}>{it}</li></ul>
      {children}
    </Stack>
  }
}
page Home { state { greeting: String = "Hello" } ui { <div><h1>{greeting}</h1><Card0 title="x" items={[]} /></div> } }
)");
  EXPECT_THAT(errors(d), IsEmpty()) << dump(d);
  EXPECT_FALSE(hasCode(d, "E0406")) << dump(d);
}

TEST(SemaUi, UnknownIdentifierInPageWithSuggestion) {
  auto d = check(R"(page Demo {
  state { count: Integer = 0 }
  ui { <div title={cont + 1}>{count}</div> }
}
)");
  Diagnostic e = only(d, "E0401");
  EXPECT_EQ(e.span.line, 3u);
  EXPECT_EQ(e.span.col, 20u);
  EXPECT_EQ(e.suggestion, "count");
  EXPECT_TRUE(contains(e.message, "did you mean 'count'?")) << e.message;
}

TEST(SemaUi, UnknownNamesInsideCallsArraysAndObjects) {
  auto d = check(R"(component C {
  param a: String
  ui {
    <div>{format(a)}{[a, b]}{ {k: c} }{a + d}</div>
  }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0401@4:11", "E0401@4:26", "E0401@4:35", "E0401@4:44"))
      << dump(d);
}

TEST(SemaUi, LoopVariableIsScopedToItsElement) {
  auto d = check(R"(component L {
  param items: String[]
  ui {
    <ul>
      <li for:each={item in items}><b>{item}</b></li>
      <p>{item}</p>
    </ul>
  }
}
)");
  Diagnostic e = only(d, "E0401");
  EXPECT_EQ(e.span.line, 6u);
}

TEST(SemaUi, PeerForEachElementFormScopesChildren) {
  auto d = check(R"(page P {
  state { posts: String[] = [] }
  ui { <div><for:each={post in posts}><h2>{post}</h2></for:each></div> }
}
)");
  EXPECT_FALSE(hasCode(d, "E0401")) << dump(d);
}

TEST(SemaUi, SettersActionsStoresAndGlobalsAreKnown) {
  auto d = check(R"(store Auth { state { user: String = "" } }
page P {
  state { name: String = "" }
  action save() { }
  ui { <form on:submit={save}><button on:click={setName(Auth.user)}>{JSON.stringify(name)}</button></form> }
}
)");
  EXPECT_THAT(d, IsEmpty()) << dump(d);
}

TEST(SemaUi, DuplicateParamsStateAndActions) {
  auto d = check(R"(component C {
  param title: String
  state { title: String = "" }
  action go() { }
  action go() { }
  ui { <div>{title}</div> }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0102@3:11", "E0102@5:10")) << dump(d);
  EXPECT_EQ(withCode(d, "E0102")[0].notes.at(0).span.line, 2u);
}

TEST(SemaUi, OnDirectiveNeedsAnExpression) {
  auto d = check(R"(page P {
  action save() { }
  ui { <button on:click="save">Save</button><button on:click={save}>Ok</button> }
}
)");
  Diagnostic e = only(d, "E0405");
  EXPECT_EQ(e.span.line, 3u);
  EXPECT_EQ(e.span.col, 16u);
}

TEST(SemaUi, UnknownEventIsAnErrorWithSuggestion) {
  auto d = check(R"(page P {
  action save() { }
  ui { <button on:clik={save}>Save</button><input on:keydown={save} /> }
}
)");
  Diagnostic w = only(d, "E0403");
  EXPECT_EQ(w.severity, Severity::Error);
  EXPECT_EQ(w.span.line, 3u);
  EXPECT_EQ(w.suggestion, "click");
  EXPECT_EQ(errors(d).size(), 1u) << dump(d);
}

TEST(SemaUi, BindNeedsAStateVariable) {
  auto d = check(R"(store S { state { email: String = "" } }
component F {
  param title: String
  state { form: Json = {}  name: String = ""  rows: Json[] = [] }
  ui {
    <div>
      <input bind:value={title} />
      <input bind:value={name} />
      <input bind:value={form.email} />
      <input bind:value={S.email} />
      <input bind:value={name + "x"} />
      <input bind:value="name" />
      <input for:each={row in rows} bind:value={row.label} />
      <input for:each={row in rows} bind:value={row} />
    </div>
  }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0407@7:26", "E0407@11:26", "E0405@12:14", "E0407@14:49"))
      << dump(d);
}

TEST(SemaUi, OnlyValueAndCheckedCanBeBound) {
  auto d = check(R"(page P {
  state { on: Boolean = false }
  ui { <input bind:checked={on} /><input bind:valu={on} /> }
}
)");
  Diagnostic e = only(d, "E0405");
  EXPECT_EQ(e.span.line, 3u);
  EXPECT_TRUE(contains(e.message, "did you mean 'value'?")) << e.message;
}

TEST(SemaUi, ForEachMustBeALoop) {
  auto d = check(R"(page P {
  state { items: String[] = [] }
  ui {
    <ul><li for:each="item in items">x</li></ul>
    <ul><li for:each={items}>x</li></ul>
    <ul><li for:each={item in items}>{item}</li></ul>
    <ul><li for:item={item in items}>{item}</li></ul>
  }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0405@4:13", "E0405@5:13", "E0405@7:13")) << dump(d);
}

TEST(SemaUi, ElseMustFollowIf) {
  auto d = check(R"(page P {
  state { a: Boolean = true  b: Boolean = false }
  ui {
    <div>
      <if condition={a}><p>A</p></if>
      <elseif condition={b}><p>B</p></elseif>
      <else><p>C</p></else>
    </div>
    <div>
      <p>between</p>
      <else><p>C</p></else>
    </div>
    <div>
      <if condition={a}><p>A</p></if>
      text in between
      <elseif condition={b}><p>B</p></elseif>
    </div>
  }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0404@11:8", "E0404@16:8")) << dump(d);
}

TEST(SemaUi, IfNeedsACondition) {
  auto d = check(R"(page P {
  state { a: Boolean = true }
  ui {
    <if><p>A</p></if>
    <elseif><p>B</p></elseif>
    <if condition={a}><p>ok</p></if>
    <if condition="a"><p>string</p></if>
  }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0409@4:6", "E0409@5:6", "E0409@7:9")) << dump(d);
}

TEST(SemaUi, UnknownCapitalisedTagIsAnError) {
  auto d = check(R"(component ProductCard { ui { <div/> } }
page P {
  ui { <Stack><ProductCrad /><ProductCard /><Button>x</Button><DataTable /><div /></Stack> }
}
)");
  Diagnostic w = only(d, "E0406");
  EXPECT_EQ(w.span.line, 3u);
  EXPECT_EQ(w.suggestion, "ProductCard");
  EXPECT_EQ(errors(d).size(), 1u) << dump(d);
}

TEST(SemaUi, ComponentCycleIsReportedOnceWithItsPath) {
  auto d = check(R"(component A { ui { <div><B/></div> } }
component B { ui { <A/> } }
component C { ui { <B/> } }
)");
  Diagnostic e = only(d, "E0402");
  EXPECT_EQ(e.span.line, 1u);
  EXPECT_TRUE(contains(e.message, "A -> B -> A")) << e.message;
  ASSERT_EQ(e.notes.size(), 1u);
  EXPECT_EQ(e.notes[0].span.line, 2u);
}

TEST(SemaUi, SelfAndLongerCycles) {
  auto d = check(R"(component Tree { ui { <Tree/> } }
component X { ui { <Y/> } }
component Y { ui { <Z/> } }
component Z { ui { <X/> } }
)");
  auto cycles = withCode(d, "E0402");
  ASSERT_EQ(cycles.size(), 2u) << dump(d);
  EXPECT_TRUE(contains(cycles[0].message, "Tree -> Tree")) << cycles[0].message;
  EXPECT_TRUE(contains(cycles[1].message, "X -> Y -> Z -> X")) << cycles[1].message;
}

TEST(SemaUi, NoCycleWithoutRecursion) {
  auto d = check(R"(component A { ui { <B/><B/> } }
component B { ui { <div/> } }
)");
  EXPECT_FALSE(hasCode(d, "E0402")) << dump(d);
}

TEST(SemaUi, FiveMistakesFiveDiagnostics) {
  auto d = check(R"(page P {
  state { name: String = "" }
  ui {
    <div>
      <p>{nmae}</p>
      <button on:click="go">x</button>
      <input bind:value={name + "!"} />
      <else>y</else>
      <if>z</if>
    </div>
  }
}
)");
  EXPECT_THAT(codesAt(d),
              ElementsAre("E0401@5:11", "E0405@6:15", "E0407@7:26", "E0404@8:8", "E0409@9:8"))
      << dump(d);
}

} // namespace
} // namespace locus::testing
