import ArgumentParser
import Platform

/// `--database`, shared by every command that opens the platform's database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database (env ORANGERIE_DATABASE; default orangerie.sqlite). Its master key is PATH.key unless ORANGERIE_MASTER_KEY is set.")
    var database: String?

    var path: String { database ?? Environment.string("ORANGERIE_DATABASE") ?? "orangerie.sqlite" }

    func open() throws -> Platform {
        try Platform(databasePath: path, masterKey: Environment.string("ORANGERIE_MASTER_KEY"))
    }
}
