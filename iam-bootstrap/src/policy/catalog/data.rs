//! Reading the embedded catalog text (`data.tsv`, written by `scripts/catalog/refresh`).
//!
//! One record a line, tab-separated, first field the record kind:
//! - `V version date`: the source package's version and the date of its data;
//! - `G key type`: a global condition key;
//! - `S prefix name`: a service; the `R`, `K` and `A` records after it are its own;
//! - `R name arn-format`: a resource type (numbered from 0 within the service);
//! - `K key type`: a condition key (numbered from 0 within the service);
//! - `A name level resource-types condition-keys`: an action, its access level (`L`ist,
//!   `R`ead, `W`rite, `P`ermissions management, `T`agging), and comma-separated numbers of its
//!   resource types and of the condition keys it takes (its own and its resource types').
//!
//! Every string stays a slice of the embedded text; only the lookup tables are built.

use super::{AccessLevel, Action, Catalog, ConditionKey, HashMap, HashSet, ResourceType, Service};

/// Parses the catalog text. Malformed records are skipped (the file is generated and a test
/// checks that every record is read), so this never fails.
pub(super) fn parse(text: &'static str) -> Catalog {
    let mut catalog = Catalog {
        version: "",
        date: "",
        services: Vec::new(),
        by_prefix: HashMap::default(),
        global_keys: Vec::new(),
        global_exact: HashSet::default(),
        global_templates: Vec::new(),
        key_types: HashMap::default(),
        key_type_patterns: Vec::new(),
        key_type_patterns_by_prefix: HashMap::default(),
        key_type_patterns_unprefixed: Vec::new(),
    };
    for line in text.lines() {
        let mut fields = line.split('\t');
        let kind = fields.next().unwrap_or_default();
        let a = fields.next().unwrap_or_default();
        let b = fields.next().unwrap_or_default();
        match kind {
            "V" => (catalog.version, catalog.date) = (a, b),
            "G" => {
                let key = ConditionKey::new(a, b);
                catalog.note_key_type(&key);
                if key.template.is_some() {
                    catalog.global_templates.push(catalog.global_keys.len());
                } else {
                    catalog.global_exact.insert(a.to_ascii_lowercase());
                }
                catalog.global_keys.push(key);
            }
            "S" => {
                catalog
                    .by_prefix
                    .insert(a.to_ascii_lowercase(), catalog.services.len());
                catalog.services.push(Service {
                    prefix: a,
                    name: b,
                    resource_types: Vec::new(),
                    condition_keys: Vec::new(),
                    actions: Vec::new(),
                    levels: Box::default(),
                    by_name: HashMap::default(),
                    key_index: HashMap::default(),
                    key_templates: Vec::new(),
                });
            }
            "R" => {
                if let Some(service) = catalog.services.last_mut() {
                    service.resource_types.push(ResourceType::new(a, b));
                }
            }
            "K" => {
                let key = ConditionKey::new(a, b);
                catalog.note_key_type(&key);
                if let Some(service) = catalog.services.last_mut() {
                    service.condition_keys.push(key);
                }
            }
            "A" => {
                let c = fields.next().unwrap_or_default();
                let (Some(service), Some(level)) = (catalog.services.last_mut(), level(b)) else {
                    continue;
                };
                service.actions.push(Action {
                    name: a,
                    level,
                    resource_types: numbers(c),
                    condition_keys: numbers(fields.next().unwrap_or_default()),
                });
            }
            _ => {}
        }
    }
    for service in &mut catalog.services {
        service.index();
    }
    catalog.index_key_types();
    catalog
}

fn level(code: &str) -> Option<AccessLevel> {
    Some(match code {
        "L" => AccessLevel::List,
        "R" => AccessLevel::Read,
        "W" => AccessLevel::Write,
        "P" => AccessLevel::PermissionsManagement,
        "T" => AccessLevel::Tagging,
        _ => return None,
    })
}

fn numbers(list: &str) -> Box<[u16]> {
    list.split(',').filter_map(|n| n.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_is_read() {
        let text = super::super::DATA;
        let catalog = super::super::catalog();
        let count = |kind: &str| text.lines().filter(|l| l.starts_with(kind)).count();
        assert_eq!(catalog.services.len(), count("S\t"));
        assert_eq!(catalog.global_keys.len(), count("G\t"));
        let actions: usize = catalog.services.iter().map(|s| s.actions.len()).sum();
        assert_eq!(actions, count("A\t"));
        assert!(actions > 20_000, "{actions}");
        let keys: usize = catalog.services.iter().map(|s| s.condition_keys.len()).sum();
        assert_eq!(keys, count("K\t"));
        for service in &catalog.services {
            assert_eq!(service.by_name.len(), service.actions.len(), "{}", service.prefix);
            for action in &service.actions {
                assert!(
                    action
                        .resource_types
                        .iter()
                        .all(|&r| usize::from(r) < service.resource_types.len())
                );
                assert!(
                    action
                        .condition_keys
                        .iter()
                        .all(|&k| usize::from(k) < service.condition_keys.len())
                );
            }
        }
        assert!(!catalog.version.is_empty() && catalog.date.len() == 10);
    }

    #[test]
    fn malformed_records_are_skipped() {
        let c = parse("V\t1\t2026-01-01\nA\torphan\tR\t\t\nS\tx\tX\nA\tDo\t?\t\t\nA\tGo\tR\t0,zz\t\nQ\n\n");
        assert_eq!(c.services.len(), 1);
        assert_eq!(c.services[0].actions.len(), 1);
        assert_eq!(&*c.services[0].actions[0].resource_types, &[0]);
    }
}
