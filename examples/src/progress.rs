//! A progress bar for `apply` when a person is watching (stdout is a terminal and the
//! output is not JSON); plain text otherwise.

use std::io::IsTerminal;
use std::sync::Arc;

use iam_bootstrap::{ApplyOptions, ProgressEvent};
use indicatif::{ProgressBar, ProgressStyle};

use crate::Target;

/// Apply options that draw a progress bar for `target`, if it should have one.
pub fn apply_options(target: &Target) -> ApplyOptions {
    let options = ApplyOptions::default();
    if target.json || !std::io::stdout().is_terminal() {
        return options;
    }
    let bar = Arc::new(ProgressBar::hidden());
    let style = ProgressStyle::with_template("{bar:30.cyan/blue} {pos}/{len} {wide_msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    options.progress(move |event| match event {
        ProgressEvent::Started { total } => {
            bar.set_length(u64::try_from(*total).unwrap_or(u64::MAX));
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        ProgressEvent::ChangeStarted { change, .. } => bar.set_message(change.clone()),
        ProgressEvent::ChangeApplied { .. } => bar.inc(1),
        ProgressEvent::ChangeFailed { error, .. } => bar.println(format!("failed: {error}")),
        ProgressEvent::Finished { .. } => bar.finish_and_clear(),
        _ => {}
    })
}
