package dev.hearth.home.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.logging.common.ConsoleAppenderFactory;
import io.dropwizard.logging.json.AccessAttribute;
import io.dropwizard.logging.json.AccessJsonLayoutBaseFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LogRedactionTest {
    @Test
    void tokenLikeQueryParametersAreRedactedWhateverTheirCaseOrEncoding() {
        assertThat(LogRedaction.redactUrl("GET /v1/home?access_token=abc.def.ghi&screen=x HTTP/1.1"))
                .isEqualTo("GET /v1/home?access_token=REDACTED&screen=x HTTP/1.1");
        assertThat(LogRedaction.redactUrl("GET /cb?Code=1&STATE=s&ID_TOKEN=e&refresh_token=r&token= HTTP/1.1"))
                .isEqualTo("GET /cb?Code=REDACTED&STATE=s&ID_TOKEN=REDACTED&refresh_token=REDACTED&token=REDACTED HTTP/1.1");
        assertThat(LogRedaction.redactUrl("GET /x?access%5Ftoken=abc#frag HTTP/1.1"))
                .isEqualTo("GET /x?access%5Ftoken=REDACTED#frag HTTP/1.1");
        assertThat(LogRedaction.redactQuery("a=1&&b&access_token=x&access_token=y"))
                .isEqualTo("a=1&&b&access_token=REDACTED&access_token=REDACTED");
    }

    @Test
    void otherParametersAndUrlsWithoutAQueryAreLeftAlone() {
        assertThat(LogRedaction.redactUrl("GET /v1/home HTTP/1.1")).isEqualTo("GET /v1/home HTTP/1.1");
        assertThat(LogRedaction.redactUrl("GET /v1/screens/x?accountId=123&tokenizer=y&%zz=1 HTTP/1.1"))
                .isEqualTo("GET /v1/screens/x?accountId=123&tokenizer=y&%zz=1 HTTP/1.1");
        assertThat(LogRedaction.redactUrl(null)).isNull();
    }

    @Test
    void secretHeadersAreRedactedInHeaderAndWireLogLines() {
        assertThat(LogRedaction.redactHeaders("ex-0000001 >> Authorization: Bearer eyJ.x.y"))
                .isEqualTo("ex-0000001 >> Authorization: REDACTED");
        assertThat(LogRedaction.redactHeaders("http-outgoing-0 >> \"authorization: Basic dXNlcjpwYXNz[\\r][\\n]\""))
                .isEqualTo("http-outgoing-0 >> \"authorization: REDACTED[\\r][\\n]\"");
        assertThat(LogRedaction.redactHeaders("ex-1 << Set-Cookie: s=1; Path=/")).isEqualTo("ex-1 << Set-Cookie: REDACTED");
        assertThat(LogRedaction.redactHeaders("ex-1 >> Proxy-Authorization: Basic x"))
                .isEqualTo("ex-1 >> Proxy-Authorization: REDACTED");
        assertThat(LogRedaction.redactHeaders("ex-1 >> Accept: application/json")).isEqualTo("ex-1 >> Accept: application/json");
    }

    @Test
    void anAccessJsonRequestLogMayNotPrintTheQueryOrASecretHeader() {
        assertThatCode(() -> LogRedaction.refuseUnredactedRequestLog(jsonRequestLog(json -> { })))
                .as("its default fields: the path, no query").doesNotThrowAnyException();
        assertThatCode(() -> LogRedaction.refuseUnredactedRequestLog(new DefaultServerFactory()))
                .as("the text request log redacts").doesNotThrowAnyException();

        assertThatThrownBy(() -> LogRedaction.refuseUnredactedRequestLog(jsonRequestLog(json -> {
            EnumSet<AccessAttribute> includes = EnumSet.copyOf(json.getIncludes());
            includes.add(AccessAttribute.REQUEST_URL);
            json.setIncludes(includes);
        }))).isInstanceOf(LogRedaction.RequestLogRefused.class)
                .hasToString("server.requestLog.appenders[0].layout would write tokens unredacted: requestUrl; the "
                        + "access-json layout cannot redact them, leave them out (its default fields hold no query "
                        + "string) or use a logFormat");
        assertThatThrownBy(() -> LogRedaction.refuseUnredactedRequestLog(jsonRequestLog(
                json -> json.setRequestHeaders(Set.of("User-Agent", "authorization")))))
                .hasMessageContaining("requestHeaders authorization");
    }

    private static DefaultServerFactory jsonRequestLog(Consumer<AccessJsonLayoutBaseFactory> edit) {
        AccessJsonLayoutBaseFactory json = new AccessJsonLayoutBaseFactory();
        edit.accept(json);
        ConsoleAppenderFactory<IAccessEvent> appender = new ConsoleAppenderFactory<>();
        appender.setLayout(json);
        LogbackAccessRequestLogFactory requestLog = new LogbackAccessRequestLogFactory();
        requestLog.setAppenders(List.of(appender));
        DefaultServerFactory server = new DefaultServerFactory();
        server.setRequestLogFactory(requestLog);
        return server;
    }

    @Test
    void theFilterRewritesHttpLoggersLinesAtTheLevelTheyAreEnabledForAndLeavesOthersAlone() {
        LoggerContext context = new LoggerContext();
        LogRedaction.HeaderRedactingFilter filter = new LogRedaction.HeaderRedactingFilter();
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(Level.INFO);
        context.getLogger("org.eclipse.jetty.http").setLevel(Level.DEBUG);

        context.getLogger("org.eclipse.jetty.http.HttpParser").debug("{} header {}",
                "GET /v1/home?x=1&access_token=a.b.c HTTP/1.1", "Authorization: Bearer a.b.c"); // a value runs to the end
        context.getLogger("org.apache.hc.client5.http.headers").debug("ex >> Authorization: Bearer a.b.c"); // disabled
        context.getLogger("org.apache.hc.client5.http.headers").info("ex >> {}", "Cookie: s=a.b.c");
        context.getLogger("dev.hearth.Something").info("Authorization: is not an HTTP logger's {}", "line");

        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "GET /v1/home?x=1&access_token=REDACTED HTTP/1.1 header Authorization: REDACTED",
                "ex >> Cookie: REDACTED",
                "Authorization: is not an HTTP logger's line");
        assertThat(appender.list).extracting(ILoggingEvent::getLoggerName)
                .containsExactly("org.eclipse.jetty.http.HttpParser", "org.apache.hc.client5.http.headers",
                        "dev.hearth.Something");
    }
}
