//! Trait implementations shared by every generated string enum.

/// Implements `Display`, `FromStr`, `From<String>`, `AsRef<str>`, serde and the wire
/// encoding for a generated enum that has `as_str()` and `From<&str>`.
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            #[inline]
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(s))
            }
        }
        impl ::std::convert::From<::std::string::String> for $name {
            #[inline]
            fn from(s: ::std::string::String) -> Self {
                Self::from(s.as_str())
            }
        }
        impl ::std::convert::From<&::std::string::String> for $name {
            #[inline]
            fn from(s: &::std::string::String) -> Self {
                Self::from(s.as_str())
            }
        }
        impl ::std::convert::AsRef<str> for $name {
            #[inline]
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl ::serde::Serialize for $name {
            #[inline]
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s: ::std::option::Option<::std::string::String> = $crate::runtime::serde::lenient(d)?;
                ::std::result::Result::Ok(Self::from(s.unwrap_or_default()))
            }
        }
        impl $crate::runtime::serde::In for $name {
            #[inline]
            fn read(
                place: &mut ::std::option::Option<Self>,
                src: &mut dyn $crate::runtime::serde::Source,
            ) -> ::std::result::Result<bool, $crate::runtime::serde::Reject> {
                $crate::runtime::serde::read_enum(place, src)
            }
        }
        impl $crate::runtime::serde::Out for $name {
            #[inline]
            fn out(
                &self,
                s: &mut dyn $crate::runtime::serde::Sink,
            ) -> ::std::result::Result<(), $crate::runtime::serde::Failed> {
                s.str(self.as_str())
            }
        }
        impl $crate::runtime::WireValue for $name {
            #[inline]
            fn to_wire(&self) -> ::std::string::String {
                self.as_str().to_owned()
            }
        }
    };
}
