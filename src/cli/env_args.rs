//! Arguments shared by every command that talks to an environment: `--config` and `--env`.

use std::path::PathBuf;

use crate::config::{Config, ConfigError, EnvConfig};

/// Which config file and environment to use.
#[derive(Debug, Clone, clap::Args)]
pub struct EnvArgs {
    /// The environments file.
    #[arg(long, env = "SKUCTL_CONFIG", default_value = "skuctl.yaml", value_name = "FILE")]
    pub config: PathBuf,
    /// The environment (a name under `environments:` in the config); default: the config's `default_environment`.
    #[arg(long = "env", value_name = "NAME")]
    pub env: Option<String>,
}

impl EnvArgs {
    /// Loads the config and picks the environment.
    ///
    /// # Errors
    /// The config is unreadable or invalid, or the environment unknown.
    pub fn resolve(&self) -> Result<(Config, EnvConfig), ConfigError> {
        let cfg = Config::load(&self.config)?;
        let env = cfg.env(self.env.as_deref())?.clone();
        Ok((cfg, env))
    }
}
