package io.jswoole.bench.run;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Draws the summary as one PNG: per client, grouped bars of each server's throughput relative to
 * the first baseline for every workload (with error bars spanning the rounds' range), and next to
 * it the p99 latency.
 */
public final class ChartWriter {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;

    private ChartWriter() {
    }

    public static void write(List<SummaryRow> rows, RunPlan plan, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        String baseline = plan.baselines().isEmpty() ? null : plan.baselines().get(0);
        List<CategoryChart> charts = new ArrayList<>();
        for (LoadClient client : plan.clients()) {
            List<SummaryRow> mine = rows.stream().filter(r -> r.client().equals(client.name())).toList();
            String suffix = plan.clients().size() > 1 ? " (client " + client.name() + ")" : "";
            ToDoubleFunction<SummaryRow> scale = r -> baseline == null || !r.ratios().containsKey(baseline) ? 1
                    : r.ratios().get(baseline) / r.rps();
            String title = (baseline == null ? "Throughput (req/s)" : "Throughput relative to " + baseline)
                    + ", bars: range of the rounds" + suffix;
            charts.add(chart(mine, plan, title, baseline == null ? "req/s" : "x " + baseline,
                    baseline == null ? "#,##0" : "0.00", r -> r.rps() * scale.applyAsDouble(r),
                    r -> (r.rpsMax() - r.rpsMin()) / 2 * scale.applyAsDouble(r)));
            charts.add(chart(mine, plan, "p99 latency, median of the rounds" + suffix, "microseconds", "#,##0",
                    SummaryRow::p99Micros, null));
        }
        BitmapEncoder.saveBitmap(charts, plan.clients().size(), 2, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static CategoryChart chart(List<SummaryRow> rows, RunPlan plan, String title, String yTitle,
                                       String pattern, ToDoubleFunction<SummaryRow> value,
                                       ToDoubleFunction<SummaryRow> error) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("workload").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(true);
        chart.getStyler().setDecimalPattern(pattern);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        List<String> workloads = plan.workloads().stream().map(Workload::name).toList();
        for (ServerSpec s : plan.servers()) {
            List<Double> ys = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            for (String w : workloads) {
                SummaryRow row = rows.stream().filter(r -> r.workload().equals(w) && r.server().equals(s.name()))
                        .findFirst().orElse(null);
                ys.add(row == null || row.used() == 0 ? 0 : value.applyAsDouble(row));
                errors.add(row == null || row.used() == 0 || error == null ? 0 : error.applyAsDouble(row));
            }
            if (error == null) {
                chart.addSeries(s.name(), workloads, ys);
            } else {
                chart.addSeries(s.name(), workloads, ys, errors);
            }
        }
        return chart;
    }
}
