/// Where a compiled schema sits in its ``SchemaTable``. Subschemas and `$ref`s are positions, so that a recursive
/// schema (a tree whose children are trees) is a table with a loop in it, not an infinite value.
typealias SchemaID = Int

/// A JSON Schema (2020-12, or OpenAPI 3.0's Schema Object) compiled: the assertions of the subset the gateway
/// checks, read once from the document. Keywords outside that subset are ignored, as JSON Schema's unknown keywords
/// are (Core §6.5).
struct Schema: Sendable {
    /// The `false` schema (Core §4.3.2): nothing is valid.
    var rejectsEverything = false
    /// `$ref` (Core §8.2.3.1), applied beside the other keywords as in 2020-12 (in OpenAPI 3.0 a Reference Object
    /// has no siblings that matter, so applying them changes nothing for a document that follows it).
    var reference: SchemaID?
    var types: JSONTypes?
    var enumeration: [JSONInstance]?
    var constant: JSONInstance?
    var format: Format?
    var object: ObjectRules?
    var array: ArrayRules?
    var string: StringRules?
    var number: NumberRules?
    var allOf: [SchemaID] = []
    var anyOf: [SchemaID]?
    var oneOf: [SchemaID]?
    var not: SchemaID?

    /// The subschemas applied to the instance itself rather than to a member or an item (Core §10.2): a loop
    /// through these alone would never end.
    var inPlaceSubschemas: [SchemaID] {
        [reference, not].compactMap { $0 } + allOf + (anyOf ?? []) + (oneOf ?? [])
    }

    /// Validation §6.5 and Core §10.3.2.
    struct ObjectRules: Sendable {
        struct Property: Sendable {
            var name: String
            var schema: SchemaID
            /// In `required`, and not `readOnly` (OpenAPI 3.1 §4.8.24.3: a read-only property is required in
            /// responses only).
            var isRequired: Bool
        }

        var properties: [Property] = []
        var propertyNames: Set<CodePoints> = []
        /// Names in `required` without a `properties` entry, in the order written.
        var otherRequiredNames: [String] = []
        var patternProperties: [(pattern: Pattern, schema: SchemaID)] = []
        var additionalProperties: SchemaID?
        var minProperties: Int?
        var maxProperties: Int?

        /// Whether members outside `properties` need a look of their own.
        var constrainsOtherMembers: Bool {
            additionalProperties != nil || !patternProperties.isEmpty
        }
    }

    /// Validation §6.4 and Core §10.3.1.
    struct ArrayRules: Sendable {
        var prefixItems: [SchemaID] = []
        var items: SchemaID?
        var minItems: Int?
        var maxItems: Int?
        var uniqueItems = false
    }

    /// Validation §6.3: lengths in code points.
    struct StringRules: Sendable {
        var minLength: Int?
        var maxLength: Int?
        var pattern: Pattern?
    }

    /// Validation §6.2, with OpenAPI 3.0's boolean `exclusiveMinimum` and `exclusiveMaximum` read as 2020-12's
    /// numeric ones.
    struct NumberRules: Sendable {
        var minimum: JSONNumber?
        var exclusiveMinimum: JSONNumber?
        var maximum: JSONNumber?
        var exclusiveMaximum: JSONNumber?
        var multipleOf: JSONNumber?
    }
}
