//! Entities: what a gazetteer knows and what a match names.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// The type of a named entity.
///
/// The short labels `"PER"`, `"LOC"`, `"ORG"` and `"MISC"` are the ones the
/// data files, the command-line tool and most NER corpora use.
///
/// # Examples
///
/// ```
/// use arabic_gazetteer::EntityKind;
///
/// let kind: EntityKind = "LOC".parse().unwrap();
/// assert_eq!(kind, EntityKind::Location);
/// assert_eq!(kind.as_str(), "LOC");
/// assert!("PLACE".parse::<EntityKind>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// A person (`PER`).
    Person,
    /// A place: country, region, city, body of water… (`LOC`).
    Location,
    /// An organization: state body, company, armed group… (`ORG`).
    Organization,
    /// Anything else: events, laws, works… (`MISC`).
    Misc,
}

impl EntityKind {
    /// Every kind, in label order.
    pub const ALL: [EntityKind; 4] = [
        EntityKind::Person,
        EntityKind::Location,
        EntityKind::Organization,
        EntityKind::Misc,
    ];

    /// The short label: `"PER"`, `"LOC"`, `"ORG"` or `"MISC"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "PER",
            EntityKind::Location => "LOC",
            EntityKind::Organization => "ORG",
            EntityKind::Misc => "MISC",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The error of parsing an [`EntityKind`] from a label it does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseKindError {
    label: String,
}

impl fmt::Display for ParseKindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown kind '{}' (expected PER, LOC, ORG or MISC)",
            self.label
        )
    }
}

impl std::error::Error for ParseKindError {}

impl FromStr for EntityKind {
    type Err = ParseKindError;

    fn from_str(s: &str) -> Result<EntityKind, ParseKindError> {
        match s {
            "PER" => Ok(EntityKind::Person),
            "LOC" => Ok(EntityKind::Location),
            "ORG" => Ok(EntityKind::Organization),
            "MISC" => Ok(EntityKind::Misc),
            _ => Err(ParseKindError {
                label: s.to_string(),
            }),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct EntityData {
    id: String,
    kind: EntityKind,
    name: String,
    aliases: Vec<String>,
    name_en: Option<String>,
    tags: Vec<String>,
    priority: i32,
    source: Option<String>,
}

/// One entry of a gazetteer: an entity with its names.
///
/// An entity is cheap to clone (it is reference counted), so matches can
/// hand out the same entity many times.
///
/// # Examples
///
/// ```
/// use arabic_gazetteer::{Entity, EntityKind};
///
/// let russia = Entity::new("russia", EntityKind::Location, "روسيا")
///     .with_alias("روسيا الاتحادية")
///     .with_name_en("Russia")
///     .with_tag("astana-guarantor");
/// assert_eq!(russia.id(), "russia");
/// assert_eq!(russia.names().collect::<Vec<_>>(), ["روسيا", "روسيا الاتحادية"]);
/// assert!(russia.has_tag("astana-guarantor"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Entity {
    data: Arc<EntityData>,
}

impl fmt::Debug for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entity")
            .field("id", &self.data.id)
            .field("kind", &self.data.kind)
            .field("name", &self.data.name)
            .field("aliases", &self.data.aliases)
            .field("name_en", &self.data.name_en)
            .field("tags", &self.data.tags)
            .field("priority", &self.data.priority)
            .field("source", &self.data.source)
            .finish()
    }
}

impl Entity {
    /// The heap bytes of the entity's data (shared by its clones).
    pub(crate) fn heap_size(&self) -> usize {
        let d = &*self.data;
        let strings = |v: &Vec<String>| {
            v.capacity() * std::mem::size_of::<String>()
                + v.iter().map(String::capacity).sum::<usize>()
        };
        // the two counts of the `Arc`, then the data
        2 * std::mem::size_of::<usize>()
            + std::mem::size_of::<EntityData>()
            + d.id.capacity()
            + d.name.capacity()
            + strings(&d.aliases)
            + d.name_en.as_ref().map_or(0, String::capacity)
            + strings(&d.tags)
            + d.source.as_ref().map_or(0, String::capacity)
    }

    /// A new entity with an id, a kind and its canonical name.
    pub fn new(
        id: impl Into<String>,
        kind: EntityKind,
        name: impl Into<String>,
    ) -> Entity {
        Entity {
            data: Arc::new(EntityData {
                id: id.into(),
                kind,
                name: name.into(),
                aliases: Vec::new(),
                name_en: None,
                tags: Vec::new(),
                priority: 0,
                source: None,
            }),
        }
    }

    fn data_mut(&mut self) -> &mut EntityData {
        Arc::make_mut(&mut self.data)
    }

    /// Adds another name the entity is known by.
    pub fn with_alias(mut self, alias: impl Into<String>) -> Entity {
        self.data_mut().aliases.push(alias.into());
        self
    }

    /// Adds several other names.
    pub fn with_aliases<I, S>(mut self, aliases: I) -> Entity
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.data_mut()
            .aliases
            .extend(aliases.into_iter().map(Into::into));
        self
    }

    /// Sets the English name.
    pub fn with_name_en(mut self, name_en: impl Into<String>) -> Entity {
        self.data_mut().name_en = Some(name_en.into());
        self
    }

    /// Adds a tag (a country code, a role, `astana-guarantor`…).
    pub fn with_tag(mut self, tag: impl Into<String>) -> Entity {
        self.data_mut().tags.push(tag.into());
        self
    }

    /// Sets the priority: when several entities share a name, a match lists
    /// them by decreasing priority, then in the order they were added.
    /// The default is 0.
    pub fn with_priority(mut self, priority: i32) -> Entity {
        self.data_mut().priority = priority;
        self
    }

    /// Sets where the entry comes from.
    pub fn with_source(mut self, source: impl Into<String>) -> Entity {
        self.data_mut().source = Some(source.into());
        self
    }

    /// The stable identifier, e.g. `"vladimir-putin"`.
    pub fn id(&self) -> &str {
        &self.data.id
    }

    /// The kind of entity.
    pub fn kind(&self) -> EntityKind {
        self.data.kind
    }

    /// The canonical Arabic name.
    pub fn name(&self) -> &str {
        &self.data.name
    }

    /// The other names, in data order.
    pub fn aliases(&self) -> &[String] {
        &self.data.aliases
    }

    /// The canonical name followed by the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.data.name.as_str())
            .chain(self.data.aliases.iter().map(String::as_str))
    }

    /// The English name, if known.
    pub fn name_en(&self) -> Option<&str> {
        self.data.name_en.as_deref()
    }

    /// The tags.
    pub fn tags(&self) -> &[String] {
        &self.data.tags
    }

    /// Whether the entity carries `tag`.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.data.tags.iter().any(|t| t == tag)
    }

    /// The priority among entities that share a name (higher first).
    pub fn priority(&self) -> i32 {
        self.data.priority
    }

    /// Where the entry comes from, if recorded.
    pub fn source(&self) -> Option<&str> {
        self.data.source.as_deref()
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use super::*;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    impl Serialize for EntityKind {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(self.as_str())
        }
    }

    impl<'de> Deserialize<'de> for EntityKind {
        fn deserialize<D: Deserializer<'de>>(
            d: D,
        ) -> Result<EntityKind, D::Error> {
            let s = String::deserialize(d)?;
            s.parse().map_err(serde::de::Error::custom)
        }
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Repr {
        id: String,
        kind: EntityKind,
        name: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        aliases: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name_en: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tags: Vec<String>,
        #[serde(default, skip_serializing_if = "is_zero")]
        priority: i32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<String>,
    }

    fn is_zero(p: &i32) -> bool {
        *p == 0
    }

    impl Serialize for Entity {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let d = &*self.data;
            Repr {
                id: d.id.clone(),
                kind: d.kind,
                name: d.name.clone(),
                aliases: d.aliases.clone(),
                name_en: d.name_en.clone(),
                tags: d.tags.clone(),
                priority: d.priority,
                source: d.source.clone(),
            }
            .serialize(s)
        }
    }

    impl<'de> Deserialize<'de> for Entity {
        fn deserialize<D: Deserializer<'de>>(
            d: D,
        ) -> Result<Entity, D::Error> {
            let r = Repr::deserialize(d)?;
            Ok(Entity {
                data: Arc::new(EntityData {
                    id: r.id,
                    kind: r.kind,
                    name: r.name,
                    aliases: r.aliases,
                    name_en: r.name_en,
                    tags: r.tags,
                    priority: r.priority,
                    source: r.source,
                }),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_display_honours_width() {
        assert_eq!(format!("[{:<5}]", EntityKind::Person), "[PER  ]");
        assert_eq!(format!("[{:>4}]", EntityKind::Misc), "[MISC]");
    }
}
