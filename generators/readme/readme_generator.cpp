#include "generators/readme/readme_generator.h"

#include "generators/templates/template_set.h"

#include <set>

namespace locus {

namespace {

using nlohmann::json;

// The secrets of the app's webhook workflows, each with the workflows that check it.
json webhookSecrets(const locus::OrderedJson& ir) {
  std::map<std::string, std::set<std::string>> byName;
  for (const auto& wf : ir.at("workflows"))
    for (const auto& t : wf.at("triggers"))
      if (t.value("kind", "") == "webhook" && !t.value("secret", "").empty())
        byName[t.value("secret", "")].insert(wf.value("name", ""));
  json out = json::array();
  for (const auto& [name, workflows] : byName) {
    std::string list;
    for (const std::string& w : workflows) list += (list.empty() ? "" : ", ") + w;
    out.push_back({{"name", name}, {"workflows", list}});
  }
  return out;
}

// Workflows started by entity changes: "Contact created → Welcome".
json entityTriggers(const locus::OrderedJson& ir) {
  json out = json::array();
  static const std::map<std::string, std::string> verb = {
      {"create", "created"}, {"update", "updated"}, {"delete", "deleted"}};
  for (const auto& wf : ir.at("workflows"))
    for (const auto& t : wf.at("triggers")) {
      auto it = verb.find(t.value("kind", ""));
      if (it != verb.end())
        out.push_back({{"entity", t.value("entity", "")},
                       {"verb", it->second},
                       {"workflow", wf.value("name", "")}});
    }
  return out;
}

GeneratorOutput runReadme(const GeneratorInput& input) {
  GeneratorOutput out;
  std::string app = input.options.value("appName", std::string("app"));
  json secrets = webhookSecrets(input.ir), triggers = entityTriggers(input.ir);
  json view = {{"appName", app},
               {"secrets", secrets},
               {"hasSecrets", !secrets.empty()},
               {"triggers", triggers},
               {"hasTriggers", !triggers.empty()}};
  try {
    out.files["README.md"] = input.templates.render("readme", view);
  } catch (const TemplateError& e) {
    out.messages.push_back({DiagKind::TemplateError, e.what(), nullptr});
  }
  return out;
}

} // namespace

Generator readmeGenerator() {
  Generator g;
  g.name = "readme";
  g.description = "README.md of the output: its folders, how to run each part, every env var";
  g.run = runReadme;
  return g;
}

} // namespace locus
