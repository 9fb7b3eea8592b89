-- +goose Up
-- An event's page is kept rendered per viewer while event_version holds (internal/web/
-- eventview.go). It shows the event's questions and programme and the viewer's answers and
-- feedback as well: their changes count in event_version too.
CREATE TRIGGER event_questions_event_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_questions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_event_version();
CREATE TRIGGER registration_answers_event_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registration_answers
    FOR EACH STATEMENT EXECUTE FUNCTION bump_event_version();
CREATE TRIGGER event_sessions_event_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_sessions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_event_version();
CREATE TRIGGER event_session_speakers_event_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_session_speakers
    FOR EACH STATEMENT EXECUTE FUNCTION bump_event_version();
CREATE TRIGGER event_session_documents_event_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_session_documents
    FOR EACH STATEMENT EXECUTE FUNCTION bump_event_version();
CREATE TRIGGER event_feedback_given_event_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_feedback_given
    FOR EACH STATEMENT EXECUTE FUNCTION bump_event_version();

-- +goose Down
DROP TRIGGER event_feedback_given_event_version ON event_feedback_given;
DROP TRIGGER event_session_documents_event_version ON event_session_documents;
DROP TRIGGER event_session_speakers_event_version ON event_session_speakers;
DROP TRIGGER event_sessions_event_version ON event_sessions;
DROP TRIGGER registration_answers_event_version ON registration_answers;
DROP TRIGGER event_questions_event_version ON event_questions;
