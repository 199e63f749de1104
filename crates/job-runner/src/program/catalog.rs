//! Which statements exist: those this runner executes, and those of Xano
//! that need its hosted services, so they are reported as unsupported rather
//! than as typos.

/// Every statement this runner executes, for "did you mean" hints.
pub const STATEMENTS: &[&str] = &[
    "var",
    "var.update",
    "conditional",
    "switch",
    "foreach",
    "for",
    "while",
    "break",
    "continue",
    "precondition",
    "throw",
    "try_catch",
    "return",
    "debug.log",
    "group",
    "function.run",
    "api.request",
    "make.trigger_scenario",
    "math.add",
    "math.sub",
    "math.mul",
    "math.div",
    "math.bitwise.and",
    "math.bitwise.or",
    "math.bitwise.xor",
    "math.bitwise.not",
    "math.bitwise.left_shift",
    "math.bitwise.right_shift",
    "array.push",
    "array.pop",
    "array.shift",
    "array.unshift",
    "array.merge",
    "array.filter",
    "array.map",
    "array.find",
    "array.find_index",
    "array.has",
    "array.every",
    "array.filter_count",
    "array.partition",
    "array.group_by",
    "array.union",
    "array.difference",
    "array.intersection",
    "text.append",
    "text.prepend",
    "text.contains",
    "text.icontains",
    "text.starts_with",
    "text.istarts_with",
    "text.ends_with",
    "text.iends_with",
    "text.trim",
    "text.ltrim",
    "text.rtrim",
    "object.keys",
    "object.values",
    "object.entries",
    "util.sleep",
    "security.create_uuid",
    "security.random_number",
];

/// Namespaces of Xano statements backed by its hosted services, with what they need.
const SERVICES: &[(&str, &str)] = &[
    ("redis.", "Xano's Redis cache"),
    ("storage.", "Xano's file storage"),
    ("cloud.", "Xano's cloud integrations"),
    ("ai.", "Xano's AI services"),
    ("zip.", "Xano's file storage"),
    ("stream.", "Xano's streaming responses"),
    ("realtime.", "Xano's realtime channels"),
    ("queue.", "Xano's queues"),
    ("task.", "Xano's scheduler"),
    ("mcp.", "Xano's MCP servers"),
    ("tool.", "Xano's agent tools"),
    ("agent.", "Xano's agents"),
    ("auth.", "Xano's authentication"),
    ("util.send_email", "Xano's email service"),
    ("util.template_engine", "Xano's template engine"),
    ("api.lambda", "Xano's Lambda runtime"),
    ("api.stream", "Xano's streaming responses"),
    ("api.realtime_event", "Xano's realtime channels"),
];

/// Why a statement cannot run here, when it belongs to Xano's hosted services.
pub fn unsupported_reason(name: &str) -> Option<&'static str> {
    SERVICES
        .iter()
        .find(|(prefix, _)| name.starts_with(prefix) || name == prefix.trim_end_matches('.'))
        .map(|(_, service)| *service)
}
