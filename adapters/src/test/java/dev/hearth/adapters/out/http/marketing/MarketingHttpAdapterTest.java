package dev.hearth.adapters.out.http.marketing;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.hearth.adapters.out.http.DownstreamStub.REQUEST_ID;
import static dev.hearth.adapters.out.http.DownstreamStub.context;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.adapters.out.http.DownstreamStub;
import dev.hearth.ports.domain.model.Banner;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.port.out.DownstreamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MarketingHttpAdapterTest {
    @RegisterExtension
    static final DownstreamStub stub = new DownstreamStub();
    final MarketingHttpAdapter adapter = new MarketingHttpAdapter(stub.client, stub.baseUrl(), DownstreamStub.DEADLINE, stub.mapper);

    @Test
    void loadsTheBannersInOrder() throws DownstreamException {
        stub.server.stubFor(get(urlEqualTo("/marketing/customers/alice/banners")).willReturn(okJson("""
                {"banners": [
                  {"id": "bnr-savings", "title": "3 % on Tagesgeld", "imageUrl": "https://cdn.example/savings.png",
                   "link": "app://products/savings", "campaign": "Q4"},
                  {"id": "bnr-travel", "title": "Travel insurance", "imageUrl": "https://cdn.example/travel.png",
                   "link": "app://insurance/travel"}]}""")));

        assertThat(adapter.loadBanners(context("alice"), new CustomerId("alice"))).containsExactly(
                new Banner("bnr-savings", "3 % on Tagesgeld", "https://cdn.example/savings.png", "app://products/savings"),
                new Banner("bnr-travel", "Travel insurance", "https://cdn.example/travel.png", "app://insurance/travel"));
        stub.server.verify(getRequestedFor(urlEqualTo("/marketing/customers/alice/banners"))
                .withHeader("X-Request-Id", equalTo(REQUEST_ID)).withHeader("Authorization", absent()));
    }
}
