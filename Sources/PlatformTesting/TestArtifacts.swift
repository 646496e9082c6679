import Foundation

/// Where tests leave what a person may want to look at afterwards, such as the browser tests' screenshots:
/// `$ORANGERIE_TEST_ARTIFACTS`, or `.build/test-artifacts` under the working directory (the package's, in `swift test`).
package enum TestArtifacts {
    package static var directory: String {
        ProcessInfo.processInfo.environment["ORANGERIE_TEST_ARTIFACTS"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.currentDirectoryPath + "/.build/test-artifacts"
    }

    /// The path of the artifact `name` (such as `browser/account.png`).
    package static func path(_ name: String) -> String {
        directory + "/" + name
    }
}
