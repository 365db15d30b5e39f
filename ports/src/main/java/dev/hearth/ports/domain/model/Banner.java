package dev.hearth.ports.domain.model;

/** A marketing banner shown on the home screen. */
public record Banner(String id, String title, String imageUrl, String link) {
    public Banner {
        Checks.text(id, "id");
        Checks.text(title, "title");
        Checks.text(imageUrl, "imageUrl");
        Checks.text(link, "link");
    }
}
