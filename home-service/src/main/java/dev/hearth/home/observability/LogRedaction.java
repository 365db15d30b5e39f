package dev.hearth.home.observability;

import ch.qos.logback.access.common.PatternLayout;
import ch.qos.logback.access.common.pattern.FullRequestConverter;
import ch.qos.logback.access.common.pattern.QueryStringConverter;
import ch.qos.logback.access.common.pattern.RequestHeaderConverter;
import ch.qos.logback.access.common.pattern.RequestParameterConverter;
import ch.qos.logback.access.common.pattern.RequestURLConverter;
import ch.qos.logback.access.common.pattern.ResponseHeaderConverter;
import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.FilterReply;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.logging.common.AbstractAppenderFactory;
import io.dropwizard.logging.common.AppenderFactory;
import io.dropwizard.logging.json.AccessAttribute;
import io.dropwizard.logging.json.AccessJsonLayoutBaseFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * No token reaches a log. Two places write one unless told not to:
 * <ul>
 * <li>The request log (logback-access) writes the request line whole, query string included. Its converters that
 * print the URL, the query, a parameter or a header ({@code %r %requestURL %q %queryString %reqParameter %i %header
 * %responseHeader %fullRequest}) are replaced in logback-access's default converter map, so every request log
 * appender redacts, whatever its {@code logFormat}: {@code ?access_token=abc} is written {@code ?access_token=REDACTED}
 * ({@link #TOKEN_PARAMETERS}, case-insensitive), and the {@link #SECRET_HEADERS} print {@code REDACTED}.</li>
 * <li>Apache HttpClient's header and wire loggers ({@code org.apache.hc.client5.http.headers}, {@code .wire}) write
 * every header at DEBUG, the customer's bearer token forwarded to legacy and the service token included (Jetty's and
 * Jersey's DEBUG lines, the incoming ones). A turbo filter on the logger context rewrites any event of those
 * ({@link #HTTP_LOGGERS}) that names a secret header or a token-like query parameter: the event is
 * dropped and the same message, its value {@code REDACTED}, logged in its place. It sits before the level check, so
 * it holds at every level, including one raised later by {@code POST /tasks/log-level}.</li>
 * </ul>
 * {@link #install()} runs at start-up, after Dropwizard configured logging (which resets the context's filters).
 * Dropwizard's JSON request log layout ({@code layout: {type: access-json}}) prints its fields without those
 * converters: {@link #refuseUnredactedRequestLog} stops start-up when one is told to print the query or a secret
 * header (its default fields hold neither).
 */
public final class LogRedaction {
    public static final String REDACTED = "REDACTED";

    /** Query parameters whose value is a credential (names compared lower-case, after URL-decoding). */
    public static final Set<String> TOKEN_PARAMETERS = Set.of("access_token", "id_token", "refresh_token", "token",
            "code", "client_secret", "password", "api_key", "apikey", "jwt", "assertion");

    /** Headers whose value is a credential (names compared lower-case). */
    public static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie");

    /** {@code Authorization: Bearer x} in a header or wire log line; the value ends at a line end, quote or {@code [}. */
    private static final Pattern HEADER_LINE = Pattern.compile(
            "(?i)\\b(authorization|proxy-authorization|set-cookie|cookie)(\\s*:\\s*)([^\\[\\r\\n\"]+)");

    /** {@code ?access_token=x} or {@code &code=x} in a logged URL; the value ends at {@code & # [ "}, a space or line end. */
    private static final Pattern TOKEN_PARAMETER = Pattern.compile("(?i)([?&](?:"
            + String.join("|", TOKEN_PARAMETERS.stream().sorted().toList()) + ")=)[^&#\\[\"\\s]*");

    /**
     * The loggers whose messages are rewritten, by name prefix: Apache HttpClient's (headers, wire, the connection's
     * own), Jetty's and Jersey's (their DEBUG lines print the incoming request's headers and URL).
     */
    static final List<String> HTTP_LOGGERS = List.of("org.apache.hc.", "org.eclipse.jetty.", "org.glassfish.jersey.");

    private LogRedaction() {
    }

    /** Installs both; idempotent. */
    public static void install() {
        installRequestLogConverters();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        if (context.getTurboFilterList().stream().noneMatch(HeaderRedactingFilter.class::isInstance)) {
            HeaderRedactingFilter filter = new HeaderRedactingFilter();
            filter.setContext(context);
            filter.setName("hearth-header-redaction");
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    /** The access-json fields that print the query string. */
    static final Set<AccessAttribute> QUERY_FIELDS = EnumSet.of(AccessAttribute.REQUEST_URL, AccessAttribute.PATH_QUERY,
            AccessAttribute.REQUEST_PARAMETERS);

    /**
     * Refuses to start (one line naming the key) when a request log appender's {@code access-json} layout includes a
     * field holding the query string ({@code requestUrl}, {@code pathQuery}, {@code requestParameters}) or a secret
     * header in {@code requestHeaders}/{@code responseHeaders}: those fields bypass the redacting converters.
     */
    public static void refuseUnredactedRequestLog(ServerFactory server) {
        if (!(server instanceof AbstractServerFactory factory)
                || !(factory.getRequestLogFactory() instanceof LogbackAccessRequestLogFactory requestLog)) {
            return;
        }
        List<AppenderFactory<IAccessEvent>> appenders = requestLog.getAppenders();
        for (int i = 0; i < appenders.size(); i++) {
            if (appenders.get(i) instanceof AbstractAppenderFactory<?> appender
                    && appender.getLayout() instanceof AccessJsonLayoutBaseFactory json) {
                List<String> leaks = new ArrayList<>();
                json.getIncludes().stream().filter(QUERY_FIELDS::contains).forEach(field -> leaks.add(configName(field)));
                json.getRequestHeaders().stream().filter(LogRedaction::isSecretHeader)
                        .forEach(header -> leaks.add("requestHeaders " + header));
                json.getResponseHeaders().stream().filter(LogRedaction::isSecretHeader)
                        .forEach(header -> leaks.add("responseHeaders " + header));
                if (!leaks.isEmpty()) {
                    throw new RequestLogRefused("server.requestLog.appenders[" + i + "].layout would write tokens "
                            + "unredacted: " + String.join(", ", leaks) + "; the access-json layout cannot redact them, "
                            + "leave them out (its default fields hold no query string) or use a logFormat");
                }
            }
        }
    }

    /** {@code REQUEST_URL} as config.yml spells it, {@code requestUrl}. */
    static String configName(AccessAttribute field) {
        StringBuilder name = new StringBuilder();
        for (String word : field.name().toLowerCase(Locale.ROOT).split("_")) {
            name.append(name.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return name.toString();
    }

    /** Start-up refused: one line, the whole story (no stack trace; its toString is the message). */
    public static final class RequestLogRefused extends RuntimeException {
        public RequestLogRefused(String message) {
            super(message, null, false, false);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** Replaces logback-access's converters that can print a token; every access PatternLayout built later uses them. */
    static void installRequestLogConverters() {
        Map<String, Supplier<DynamicConverter>> converters = PatternLayout.ACCESS_DEFAULT_CONVERTER_SUPPLIER_MAP;
        synchronized (converters) {
            converters.put("r", RedactedRequestUrl::new);
            converters.put("requestURL", RedactedRequestUrl::new);
            converters.put("q", RedactedQueryString::new);
            converters.put("queryString", RedactedQueryString::new);
            converters.put("requestParameter", RedactedRequestParameter::new);
            converters.put("reqParameter", RedactedRequestParameter::new);
            converters.put("i", RedactedRequestHeader::new);
            converters.put("header", RedactedRequestHeader::new);
            converters.put("responseHeader", RedactedResponseHeader::new);
            converters.put("fullRequest", RedactedFullRequest::new);
        }
    }

    /** {@code GET /home?access_token=abc&x=1 HTTP/1.1} becomes {@code GET /home?access_token=REDACTED&x=1 HTTP/1.1}. */
    public static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        int end = url.length();
        int space = url.indexOf(' ', query);
        int hash = url.indexOf('#', query);
        if (space >= 0) {
            end = space;
        }
        if (hash >= 0 && hash < end) {
            end = hash;
        }
        return url.substring(0, query + 1) + redactQuery(url.substring(query + 1, end)) + url.substring(end);
    }

    /** {@code access_token=abc&x=1} becomes {@code access_token=REDACTED&x=1}. */
    public static String redactQuery(String query) {
        if (query == null || query.isEmpty()) {
            return query;
        }
        String[] pairs = query.split("&", -1);
        StringBuilder out = new StringBuilder(query.length());
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                out.append('&');
            }
            String pair = pairs[i];
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            out.append(equals >= 0 && isTokenParameter(name) ? name + "=" + REDACTED : pair);
        }
        return out.toString();
    }

    public static boolean isTokenParameter(String name) {
        String decoded;
        try {
            decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) { // a malformed %-escape: judge the name as written
            decoded = name;
        }
        return TOKEN_PARAMETERS.contains(decoded.trim().toLowerCase(Locale.ROOT));
    }

    public static boolean isSecretHeader(String name) {
        return name != null && SECRET_HEADERS.contains(name.trim().toLowerCase(Locale.ROOT));
    }

    /** A log message with secret header values and token-like query parameters {@code REDACTED}. */
    public static String redactMessage(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = TOKEN_PARAMETER.matcher(text);
        return redactHeaders(matcher.find() ? matcher.replaceAll("$1" + REDACTED) : text);
    }

    private static boolean isHttpLogger(String name) {
        for (String prefix : HTTP_LOGGERS) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Every {@code Authorization: …} (and the other {@link #SECRET_HEADERS}) in a text, its value {@code REDACTED}. */
    public static String redactHeaders(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = HEADER_LINE.matcher(text);
        return matcher.find() ? matcher.replaceAll("$1$2" + REDACTED) : text;
    }

    static final class RedactedRequestUrl extends RequestURLConverter {
        @Override
        public String convert(IAccessEvent event) {
            return redactUrl(super.convert(event));
        }
    }

    static final class RedactedQueryString extends QueryStringConverter {
        @Override
        public String convert(IAccessEvent event) {
            String query = super.convert(event);
            return query != null && query.startsWith("?") ? "?" + redactQuery(query.substring(1)) : redactQuery(query);
        }
    }

    static final class RedactedRequestParameter extends RequestParameterConverter {
        @Override
        public String convert(IAccessEvent event) {
            String value = super.convert(event);
            return isTokenParameter(String.valueOf(getFirstOption())) && !IAccessEvent.NA.equals(value) ? REDACTED : value;
        }
    }

    static final class RedactedRequestHeader extends RequestHeaderConverter {
        @Override
        public String convert(IAccessEvent event) {
            String value = super.convert(event);
            return isSecretHeader(getFirstOption()) && !IAccessEvent.NA.equals(value) ? REDACTED : value;
        }
    }

    static final class RedactedResponseHeader extends ResponseHeaderConverter {
        @Override
        public String convert(IAccessEvent event) {
            String value = super.convert(event);
            return isSecretHeader(getFirstOption()) && !IAccessEvent.NA.equals(value) ? REDACTED : value;
        }
    }

    static final class RedactedFullRequest extends FullRequestConverter {
        @Override
        public String convert(IAccessEvent event) {
            String full = super.convert(event);
            if (full == null) {
                return null;
            }
            int lineEnd = full.indexOf('\n');
            String first = lineEnd < 0 ? full : full.substring(0, lineEnd);
            String rest = lineEnd < 0 ? "" : full.substring(lineEnd);
            return redactUrl(first) + redactHeaders(rest);
        }
    }

    /**
     * Rewrites an HttpClient log event that names a secret header. Runs before the level check and must not ask a
     * logger's level through {@code isEnabledFor} (which would call the turbo filters again).
     */
    static final class HeaderRedactingFilter extends TurboFilter {
        private static final String FQCN = HeaderRedactingFilter.class.getName();

        @Override
        public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                Throwable t) {
            if (level == null || format == null || !isHttpLogger(logger.getName())
                    || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
                return FilterReply.NEUTRAL;
            }
            String message = params == null || params.length == 0 ? format
                    : MessageFormatter.arrayFormat(format, params).getMessage();
            String redacted = redactMessage(message);
            if (redacted.equals(message)) {
                return FilterReply.NEUTRAL;
            }
            // The same event, its secret gone: logged in place of the original, through the same logger and thread
            // (MDC kept). The redacted message names no secret header value, so this filter lets it through.
            logger.log(marker, FQCN, Level.toLocationAwareLoggerInteger(level), redacted, null, t);
            return FilterReply.DENY;
        }
    }
}
