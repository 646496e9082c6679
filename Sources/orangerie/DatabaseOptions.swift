import ArgumentParser
import Platform

/// `--database` and `--master-key-file`, shared by every command that opens the platform's database.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: """
            A SQLite file, or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE for a database that several instances \
            share (env ORANGERIE_DATABASE; default orangerie.sqlite).
            """)
    var database: String?

    @Option(
        help: """
            File holding the master key, the Base64 of 32 bytes (env ORANGERIE_MASTER_KEY_FILE; ORANGERIE_MASTER_KEY \
            gives the key itself). Required for PostgreSQL; for SQLite the default is DATABASE.key, created on first use.
            """)
    var masterKeyFile: String?

    var location: DatabaseLocation { DatabaseLocation(database ?? Environment.string("ORANGERIE_DATABASE") ?? "orangerie.sqlite") }

    var masterKey: MasterKeySource {
        MasterKeySource(
            base64: Environment.string("ORANGERIE_MASTER_KEY"),
            file: masterKeyFile ?? Environment.string("ORANGERIE_MASTER_KEY_FILE"))
    }

    func open() async throws -> Platform {
        try await Platform.open(location, masterKey: masterKey)
    }
}
