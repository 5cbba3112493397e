import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// The required-action forms of the login (Keycloak's `login-actions/required-action`):
/// UPDATE_PASSWORD, UPDATE_PROFILE and TERMS_AND_CONDITIONS. Each form carries the
/// authorization request in its query string, the CSRF token, the signed action token and
/// the action (`execution`); the answer is the next action's form, the same form with its
/// problems, the code for the client, or (terms declined) `access_denied` to the client.
struct RequiredActionRoutes {
    let login: LoginRoutes

    var pages: PageResponder { login.pages }
    var authorization: AuthorizationFlow { login.authorization }

    /// Adds the routes (`update-password` is the address of forms rendered by earlier versions).
    func register(on router: some RouterMethods<ServiceRequestContext>) {
        router.post("realms/:realm/login-actions/required-action", use: submit)
        router.post("realms/:realm/login-actions/update-password", use: submit)
    }

    /// A required-action form's POST.
    func submit(request: Request, context: ServiceRequestContext) async throws -> Response {
        let step: LoginRoutes.ActionStep
        switch try await login.actionStep(request, context) {
        case .answered(let response): return response
        case .ready(let ready): step = ready
        }
        let (realm, form) = (step.realm, step.form)
        guard let action = RequiredAction(rawValue: form["execution"] ?? RequiredAction.updatePassword.rawValue),
              pages.csrfValid(request, form: form), let token = form["action_token"],
              let user = await authorization.user(actionToken: token, action: action, realm: realm, request: step.authorization, logger: context.logger)
        else {
            return pages.errorPage("Your login attempt timed out. Login will start from the beginning.", realm: realm, toRoot: LoginRoutes.actionsToRoot)
        }
        let address = HTTPHelpers.clientAddress(request)
        let field = { (name: String) in String((form[name] ?? "").trimmingCharacters(in: .whitespaces).prefix(ProfileEditor.maximumLength + 1)) }
        let outcome: AuthorizationFlow.ActionOutcome
        switch action {
        case .updatePassword:
            outcome = try await authorization.updatePassword(realm: realm, request: step.authorization, user: user,
                                                             newPassword: String((form["password-new"] ?? "").prefix(1024)),
                                                             confirmation: String((form["password-confirm"] ?? "").prefix(1024)),
                                                             ipAddress: address, logger: context.logger)
        case .updateProfile:
            outcome = try await authorization.updateProfile(realm: realm, request: step.authorization, user: user, firstName: field("firstName"),
                                                            lastName: field("lastName"), email: field("email"), ipAddress: address, logger: context.logger)
        case .termsAndConditions where form["accept"] == nil && form["cancel"] == nil:
            outcome = .retry("Please accept or decline the terms and conditions.", fields: [:])
        case .termsAndConditions:
            outcome = try await authorization.answerTerms(realm: realm, request: step.authorization, user: user, accepted: form["cancel"] == nil,
                                                          ipAddress: address, logger: context.logger)
        }
        switch outcome {
        case .success(let browser):
            return try await login.finish(realm: realm, request: step.authorization, browser: browser, logger: context.logger)
        case .next(let next, let updated):
            return page(next, step: step, request: request, actionToken: token, user: updated)
        case .retry(let message, let fields):
            return page(action, step: step, request: request, actionToken: token, user: user, error: message, fields: fields, posted: form)
        case .declined(let answer):
            return pages.deliver(answer, realm: realm, toRoot: LoginRoutes.actionsToRoot)
        }
    }

    /// The form of a required action.
    /// - Parameters:
    ///   - error: The problem to show above the form (when no field has its own).
    ///   - fields: Problems by field name, shown next to the fields.
    ///   - posted: The values the user posted, shown again.
    func page(_ action: RequiredAction, step: LoginRoutes.ActionStep, request: Request, actionToken: String, user: User,
              error: String? = nil, fields: [String: String] = [:], posted: [String: String]? = nil) -> Response {
        let csrf = pages.csrfToken(request)
        var context: [String: Any] = ["actionURL": "required-action?\(LoginRoutes.encodeQuery(step.parameters))", "csrfToken": csrf.token,
                                      "actionToken": actionToken, "execution": action.rawValue]
        context["error"] = fields.isEmpty ? error : nil
        if action == .updateProfile {
            for (name, current) in [("email", user.email), ("firstName", user.firstName), ("lastName", user.lastName)] {
                context[name] = posted.map { String(($0[name] ?? "").prefix(ProfileEditor.maximumLength)) } ?? current ?? ""
                context[name + "Error"] = fields[name]
            }
            context["username"] = user.username
        }
        let page = pages.page(Self.templates[action] ?? "error", realm: step.realm, toRoot: LoginRoutes.actionsToRoot, context: context)
        return pages.withCSRF(page, token: csrf, realm: step.realm)
    }

    /// The theme template of each action.
    static let templates: [RequiredAction: String] = [.updatePassword: "update-password", .updateProfile: "update-profile", .termsAndConditions: "terms"]
}
