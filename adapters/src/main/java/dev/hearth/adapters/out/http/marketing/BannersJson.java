package dev.hearth.adapters.out.http.marketing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** Marketing's banners for one customer (adapters/DOWNSTREAMS.md). */
@JsonIgnoreProperties(ignoreUnknown = true)
record BannersJson(List<Item> banners) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Item(String id, String title, String imageUrl, String link) {
    }
}
