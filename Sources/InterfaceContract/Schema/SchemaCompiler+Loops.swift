/// A schema may refer to itself through a property or an item (a tree of trees: each step goes one level down the
/// instance, so checking ends with the instance), never through the keywords applied to the same instance (Core
/// §10.2: `$ref`, `allOf`, `anyOf`, `oneOf`, `not`), where checking would go round forever.
extension SchemaCompiler {
    func checkInPlaceLoops() throws(ContractError) {
        var states = [VisitState](repeating: .unvisited, count: schemas.count)
        for id in schemas.indices where states[id] == .unvisited {
            try visit(id, &states)
        }
    }

    private enum VisitState {
        case unvisited, inProgress, done
    }

    /// Depth-first through in-place subschemas: meeting one still in progress closes a loop.
    private func visit(_ id: SchemaID, _ states: inout [VisitState]) throws(ContractError) {
        states[id] = .inProgress
        for next in schemas[id].inPlaceSubschemas {
            switch states[next] {
            case .inProgress:
                throw ContractError(
                    "the schema at \(locations[next]) applies itself to the same value again (through $ref, allOf, anyOf, oneOf or not) "
                        + "without going down into a property or an item, so checking a value against it would never end")
            case .unvisited:
                try visit(next, &states)
            case .done:
                break
            }
        }
        states[id] = .done
    }
}
