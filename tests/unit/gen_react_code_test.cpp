// The react generator's code: state, typed actions, `on load`, data functions, stores and
// entity types, compiled from the IR statement language.
#include "generators/react/react_generator.h"
#include "tests/unit/gen_test_util.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace locus {
namespace {

using testing::irOf;
using testing::runGenerator;

using testing::has;

const char* kApp = R"(
database {
  entity Customer { name: String  email: Email @unique  vip: Boolean @default(false)  orders: has_many Order }
  entity Order { customer: belongs_to Customer  customerId: Integer  total: Decimal  note: Text? }
}
store Cart {
  state { count: Integer = 0  owner: Customer }
  action add(n: Integer) { count = count + n }
}
page Orders {
  param customerId: Integer
  state { orders: Order[] = []  busy: Boolean = false  customer: Customer }
  on load {
    customer = findOne(Customer, where: { id: customerId })
    orders = find(Order, where: { customerId: customerId }, orderBy: { total: "desc" }, take: 20, skip: 0)
  }
  action place(total: Decimal, note: String?): Order {
    busy = true
    const order = create(Order, { customerId: customerId, total: total })
    for o in orders { log(o.total) }
    busy = false
    Cart.add(1)
    return order
  }
  action cancel(id: Integer) {
    delete(Order, id)
    update(Customer, customerId, { vip: false })
  }
  ui { <p>{Cart.count} items, {len(orders)} orders</p> }
}
)";

TEST(GenReactCode, StateActionsAndOnLoad) {
  GeneratorOutput out = runGenerator(reactGenerator(), irOf(kApp));
  for (const GeneratorMessage& m : out.messages) ADD_FAILURE() << m.message;
  const std::string& tsx = out.files.at("web/src/pages/Orders.tsx");
  EXPECT_TRUE(has(tsx, "const [orders, setOrders, orders$] = rt.useLiveState<Order[]>([]);"))
      << tsx;
  EXPECT_TRUE(has(tsx, "rt.useLiveState<Customer | null>(null);")) << tsx;
  EXPECT_TRUE(has(tsx, "async function place(total: number, note?: string): Promise<Order> {"))
      << tsx;
  EXPECT_TRUE(has(tsx, "const order = (await rt.create<Order>(\"orders\", { customerId: "
                       "customerId, total: total }));"))
      << tsx;
  EXPECT_TRUE(has(tsx, "for (const o of orders$()) {")) << tsx;
  EXPECT_TRUE(has(tsx, "rt.log(o.total);")) << tsx;
  EXPECT_TRUE(has(tsx, "(await Cart.add(1));")) << tsx;
  EXPECT_TRUE(has(tsx, "return order;")) << tsx;
  EXPECT_TRUE(has(tsx, "rt.useOnLoad(async (): Promise<void> => {")) << tsx;
  EXPECT_TRUE(has(
      tsx, "setCustomer((await rt.findOne<Customer>(\"customers\", \"id\", { id: customerId })));"))
      << tsx;
  EXPECT_TRUE(has(tsx, "rt.find<Order>(\"orders\", { where: { customerId: customerId }, orderBy: { "
                       "total: \"desc\" }, take: 20, skip: 0 })"))
      << tsx;
  EXPECT_TRUE(has(tsx, "(await rt.remove(\"orders\", id));")) << tsx;
  EXPECT_TRUE(has(tsx, "(await rt.update<Customer>(\"customers\", customerId, { vip: false }));"))
      << tsx;
  // Reading a store subscribes the page to it.
  EXPECT_TRUE(has(tsx, "rt.useCell(Cart.cell);")) << tsx;
  EXPECT_TRUE(has(tsx, "import { Cart } from \"../runtime/stores\";")) << tsx;
  EXPECT_TRUE(has(tsx, "export interface OrdersProps {\n  customerId: number;")) << tsx;
}

TEST(GenReactCode, StoresAndEntityTypes) {
  GeneratorOutput out = runGenerator(reactGenerator(), irOf(kApp));
  const std::string& stores = out.files.at("web/src/runtime/stores.ts");
  EXPECT_TRUE(has(stores, "readonly cell = rt.createCell<CartState>({ count: 0, owner: null });"))
      << stores;
  EXPECT_TRUE(has(stores, "owner: Customer | null;")) << stores;
  EXPECT_TRUE(
      has(stores, "add = async (n: number): Promise<void> => {\n    this.count = this.count + n;"))
      << stores;
  EXPECT_TRUE(has(stores, "export const Cart = new CartStore();")) << stores;
  const std::string& entities = out.files.at("web/src/runtime/entities.ts");
  EXPECT_TRUE(has(entities, "export interface Order {\n  id: number;\n  customerId: number;\n  "
                            "total: number;\n  note: string | null;"))
      << entities;
  EXPECT_TRUE(has(entities, "orders?: Order[]; // has_many")) << entities;
  EXPECT_TRUE(has(entities, "customer?: Customer | null; // belongs_to")) << entities;
}

TEST(GenReactCode, RuntimeModuleIsEmitted) {
  GeneratorOutput out = runGenerator(reactGenerator(), irOf(kApp));
  for (const char* f : {"index.ts", "state.ts", "api.ts", "builtins.ts", "components.tsx"})
    EXPECT_TRUE(out.files.count(std::string("web/src/runtime/") + f)) << f;
  EXPECT_TRUE(has(out.files.at("web/src/runtime/components.tsx"), "export const Stack ="));
  EXPECT_TRUE(has(out.files.at("web/src/runtime/api.ts"), "\"/api/\" + table"));
}

TEST(GenReactCode, StyleOverrideBecomesCssBesideTheComponent) {
  GeneratorOutput out =
      runGenerator(reactGenerator(), irOf("component Box { ui { <div class=\"b\">x</div> } "
                                          "style_override { .b { color: red; } } }"));
  EXPECT_TRUE(has(out.files.at("web/src/components/Box.css"), ".b { color: red; }"));
  EXPECT_TRUE(has(out.files.at("web/src/components/Box.tsx"), "import \"./Box.css\";"));
}

TEST(GenReactCode, ProjectTemplateOverrideIsUsed) {
  char dir[] = "/tmp/locus-react-override-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string root = dir;
  std::filesystem::create_directories(root + "/react");
  std::ofstream(root + "/react/component.mustache") << "// custom {{name}}\n";
  GeneratorOutput out =
      runGenerator(reactGenerator(), irOf("page Home { ui { <p>x</p> } }"), {}, {}, {}, root);
  EXPECT_EQ(out.files.at("web/src/pages/Home.tsx"), "// custom Home\n");
  std::filesystem::remove_all(root);
}

// What keeps the UI truthful: a failed load replaces the page with a failure panel, a theme
// store persists its choice, plain forms do not reload, a click passes no made-up value, and
// every built-in has a look driven by the tokens.
TEST(GenReactCode, FailuresShowAndTheThemePersists) {
  GeneratorOutput out = runGenerator(reactGenerator(), irOf(R"(
database { entity Contact { name: String } }
store Session { state { theme: String = "light" } }
page People {
  state { people: Contact[] = []  query: String = "" }
  on load { people = find(Contact) }
  action search(text: String) { query = text }
  action save() { create(Contact, { name: query }) }
  ui {
    <form on:submit={save}><input bind:value={query} /></form>
    <Button on:click={search}>Search</Button>
    <Input on:change={search} />
  }
}
)"));
  const std::string& tsx = out.files.at("web/src/pages/People.tsx");
  EXPECT_TRUE(has(tsx, "if (loadStatus$.phase === \"failed\") return <rt.LoadFailed")) << tsx;
  EXPECT_TRUE(has(tsx, "<rt.LoadingBar />")) << tsx;
  EXPECT_TRUE(has(tsx, "onSubmit={(e: unknown) => { rt.uiEvent(e).preventDefault();")) << tsx;
  EXPECT_TRUE(has(tsx, "onChange={(e: unknown) => rt.runAction(search(rt.eventValue(e)))}")) << tsx;
  EXPECT_FALSE(has(tsx, "onClick={(e: unknown) => rt.runAction(search(rt.eventValue(e)))}")) << tsx;
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_TRUE(has(out.messages[0].message, "a click event carries no value"))
      << out.messages[0].message;
  EXPECT_TRUE(has(out.files.at("web/src/runtime/stores.ts"), "rt.persistTheme(Session.cell);"));
  const std::string& css = out.files.at("web/src/runtime/components.css");
  for (const char* rule :
       {".locus-badge-success", ".locus-button-ghost", ".locus-alert-info", "@keyframes locus-spin",
        ".locus-toast-error", ".locus-form-error", "var(--color-primary"})
    EXPECT_TRUE(has(css, rule)) << rule;
}

} // namespace
} // namespace locus
