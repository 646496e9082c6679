/// Why an OpenAPI document cannot be compiled into a ``CompiledContract``, in the words an operator reads in the
/// CLI: where in the document (`paths./shops/{id}.get.parameters[0]`) and what is wrong there.
package struct ContractError: Error, Hashable, Sendable, CustomStringConvertible {
    package var description: String

    init(_ description: String) {
        self.description = description
    }
}
