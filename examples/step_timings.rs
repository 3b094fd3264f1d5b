//! Prints the time each layout step takes on a diagram file: the engine's
//! per-step cost (README, Benchmarks).
//!
//! ```sh
//! cargo run --release --example step_timings -- FILE.mmd [RUNS]
//! ```

use std::time::Duration;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: step_timings FILE.mmd [RUNS]")?;
    let runs: u32 = args.next().map(|r| r.parse()).transpose()?.unwrap_or(5).max(1);
    let source = std::fs::read_to_string(&path)?;
    let options = mmdflow::Options::default();
    let chart = mmdflow::parse(&source, &options)?;
    let mut total: Vec<(mmdflow::layout::Step, Duration)> = Vec::new();
    for _ in 0..runs {
        let (_, timings) = mmdflow::layout::layout_with_timings(&chart, &options)?;
        for (i, (step, spent)) in timings.iter().enumerate() {
            match total.get_mut(i) {
                Some(entry) => entry.1 += spent,
                None => total.push((step, spent)),
            }
        }
    }
    let sum: Duration = total.iter().map(|t| t.1).sum();
    println!("{path}: mean of {runs} runs");
    for (step, spent) in &total {
        let ms = spent.as_secs_f64() * 1000.0 / f64::from(runs);
        println!("{:>12}  {:>9.3} ms  {:>5.1}%", step.name(), ms, 100.0 * spent.as_secs_f64() / sum.as_secs_f64().max(1e-12));
    }
    println!("{:>12}  {:>9.3} ms", "layout", sum.as_secs_f64() * 1000.0 / f64::from(runs));
    Ok(())
}
