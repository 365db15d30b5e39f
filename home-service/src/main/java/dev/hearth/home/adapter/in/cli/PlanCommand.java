package dev.hearth.home.adapter.in.cli;

import dev.hearth.dsl.AggregationEngine;
import dev.hearth.dsl.CompiledScreen;
import dev.hearth.dsl.ScreenCatalog;
import dev.hearth.dsl.ScreenDefinitionException;
import dev.hearth.dsl.ScreenPlan;
import dev.hearth.home.config.HomeConfiguration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code plan config.yml [screen]}: the screen's calls as a dependency graph, each with the time it may take
 * (the smallest of the port's timeout in config.yml, its deadline and the budget), the critical path and the
 * worst case; a screen with variants, each variant after the default. Without a screen, every screen of the
 * configured directory.
 */
public final class PlanCommand extends ConfiguredCommand<HomeConfiguration> {
    public PlanCommand() {
        super("plan", "Prints a screen's calls, deadlines and worst case");
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        ListedCommands.listed(subparser, this);
        subparser.epilog("A call may take the least of its port's timeout in config.yml, its deadline and what is "
                + "left of the screen's budget.");
        subparser.addArgument("screen").nargs("?").help("the screen id, e.g. home (default: every screen)");
    }

    @Override
    protected void run(Bootstrap<HomeConfiguration> bootstrap, Namespace namespace, HomeConfiguration configuration) {
        AggregationEngine<?> engine = OfflineScreens.engine(configuration);
        ScreenCatalog<?> catalog = ScreenCatalog.load(Path.of(configuration.getScreens()), engine);
        String wanted = namespace.getString("screen");
        List<CompiledScreen<?>> screens = new ArrayList<>();
        if (wanted == null) {
            catalog.ids().forEach(id -> screens.add(catalog.find(id).orElseThrow()));
        } else {
            screens.add(catalog.find(wanted).orElseThrow(() -> new IllegalArgumentException("no screen '" + wanted
                    + "' in " + configuration.getScreens() + "; screens are " + catalog.ids())));
        }
        // every variant of a screen is a screen of its own, with its own calls and critical path
        String plans = String.join("\n", screens.stream().flatMap(s -> s.variants().values().stream())
                .map(v -> ScreenPlan.of(v).render()).toList());
        System.out.print(plans);
    }

    /** Prints the reason alone (bad screen files, bad ports settings, an unknown screen), without a stack trace. */
    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof ScreenDefinitionException || e instanceof IllegalArgumentException) {
            cli.getStdErr().println(e.getMessage());
        } else {
            super.onError(cli, namespace, e);
        }
    }
}
