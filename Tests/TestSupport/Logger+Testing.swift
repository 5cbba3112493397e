import Logging

extension Logger {
    /// A logger for tests: warnings and worse only, so test output stays readable.
    public static func quiet(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .warning
        return logger
    }
}
