import Synchronization

/// The metric handles of one metric, by label values, made once each (issue 14: a request's metrics cost a lookup
/// here, not the registry's label validation and lock every time). Keys come from small fixed sets, so the map stays
/// small.
package final class MetricHandles<Key: Hashable & Sendable, Handle: Sendable>: Sendable {
    private let handles = Mutex<[Key: Handle]>([:])
    private let make: @Sendable (Key) -> Handle

    package init(_ make: @escaping @Sendable (Key) -> Handle) {
        self.make = make
    }

    package subscript(_ key: Key) -> Handle {
        handles.withLock { handles in
            if let handle = handles[key] { return handle }
            let handle = make(key)
            handles[key] = handle
            return handle
        }
    }
}
