import Foundation

/// Where `swift build` put the executables of the package under test: the directory of the
/// running test bundle (`.build/<triple>/debug/`) holds them.
public enum BuiltProducts {
    public static func path(_ name: String) -> String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path
    }
}
