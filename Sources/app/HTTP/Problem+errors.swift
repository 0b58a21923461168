import Events
import Hummingbird
import NIOCore
import Projections

extension Problem {
    /// The problem answer for any error a route may throw; nil for errors that must be
    /// logged and answered as a bare 500.
    init?(_ error: any Error) {
        switch error {
        case let problem as Problem:
            self = problem
        case let interrupted as ImportInterrupted:
            guard var problem = Problem(interrupted.cause) else { return nil }
            problem.imported = ImportAnswer(interrupted.report)
            self = problem
        case let rejection as Rejection:
            self = Problem(rejection)
        case let error as CommandError:
            if error.code == .streamNotFound {
                self = .notFound(error.description)
            } else {
                self = Problem(.conflict, type: "version-conflict", title: "Version conflict", detail: error.description)
                currentVersion = error.currentVersion
            }
        case let error as PartyErasureError:
            self = Problem(.conflict, type: "nothing-to-erase", title: "Nothing to erase", detail: error.description)
        case let error as EventStoreError where error.code == .busy || error.code == .raced:
            self = .unavailable(error.description)
        case let error as PostgresError where error.condition == .invalidParameter:
            self = .badRequest(error.description)
        case let error as EventStoreError:
            self = Problem(.conflict, type: error.code == .eventIdConflict ? "event-id-conflict" : "version-conflict",
                           title: error.code == .eventIdConflict ? "Event id reused" : "Version conflict", detail: error.description)
            currentVersion = error.currentVersion
        case let error as StatisticsQueryError:
            self = Problem(.badRequest, type: "invalid-query", title: "Invalid query parameters", detail: error.description,
                           errors: error.errors.map { FieldError(field: $0.field, message: $0.message) })
        case let error as ProjectionError where error.code == .notCaughtUp:
            self = .unavailable(error.description)
        case let error as PostgresError where error.condition == .poolExhausted:
            self = .unavailable("every database connection is busy; try again shortly", retryAfterSeconds: 1)
        case let error as PostgresError where error.code?.meansTimedOut == true:
            self = .unavailable("the database did not answer in time; try again shortly")
        case let error as PostgresError where error.isUnavailable:
            self = .unavailable("the database is unavailable; try again shortly")
        case is NIOTooManyBytesError:
            self = Problem(.contentTooLarge, type: "body-too-large", title: "Body too large", detail: "the body is larger than this route accepts")
        case let error as HTTPError:
            self = Problem(error.status, type: "http-\(error.status.code)", title: error.status.reasonPhrase,
                           detail: error.body ?? error.status.reasonPhrase)
        default:
            return nil
        }
    }

    /// A domain rejection: 403 when only the role is wrong, 400 for a malformed payload,
    /// 422 for a rule or a value out of bounds (naming the field when the rejection does).
    init(_ rejection: Rejection) {
        let errors = rejection.field.map { [FieldError(field: $0, message: rejection.description)] }
        switch rejection.code {
        case .roleRequired:
            self = .forbidden(rejection.description)
        case .invalidPayload:
            self = Problem(.badRequest, type: "invalid-payload", title: "Invalid request body",
                           detail: rejection.description, errors: errors ?? [FieldError(field: "body", message: rejection.description)])
        default:
            self = Problem(.unprocessableContent, type: "rule-violation", title: "The request breaks a rule",
                           detail: rejection.description, errors: errors)
            currentState = rejection.currentState
        }
    }
}
