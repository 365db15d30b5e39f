package dev.hearth.adapters.out.http.marketing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.adapters.out.http.AnswerDeadline;
import dev.hearth.adapters.out.http.JsonHttp;
import dev.hearth.adapters.out.http.Wire;
import dev.hearth.ports.domain.model.Banner;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.LoadBannersPort;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/** Marketing over HTTP: the banners for a customer, in the order marketing wants them shown. Thread-safe. */
public final class MarketingHttpAdapter implements LoadBannersPort {
    public static final String DOWNSTREAM = "marketing";

    private final JsonHttp http;

    public MarketingHttpAdapter(CloseableHttpClient client, URI baseUrl, AnswerDeadline deadline, ObjectMapper mapper) {
        this.http = new JsonHttp(DOWNSTREAM, client, baseUrl, deadline, mapper);
    }

    @Override
    public List<Banner> loadBanners(RequestContext context, CustomerId customer) throws DownstreamException {
        Objects.requireNonNull(customer, "customer");
        return http.get(context, http.path("marketing", "customers", customer.value(), "banners"), BannersJson.class,
                json -> Wire.list(json.banners(), "banners",
                        item -> new Banner(item.id(), item.title(), item.imageUrl(), item.link())));
    }
}
