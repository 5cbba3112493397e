extension Principal {
    /// The principal ``AuthorizationMiddleware`` verified for the request being handled; nil
    /// when authorization is disabled or the route needs no role. Handlers read it to show who
    /// is signed in and which actions their roles allow (the middleware still enforces them).
    @TaskLocal public static var current: Principal?
}
