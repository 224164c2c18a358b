//! Endpoint resolution, as the official SDKs resolve it.

use super::Service;

/// The base URL (`scheme://host`) a request for `region` goes to: the configured
/// `endpoint_url` if any; else the host the official SDK hard-codes for that region; else the
/// service's pattern with `{region}` replaced.
pub fn resolve_endpoint(service: &Service, region: Option<&str>, endpoint_url: Option<&str>) -> Option<String> {
    if let Some(url) = endpoint_url {
        return Some(url.trim_end_matches('/').to_owned());
    }
    let host = match region {
        Some(region) => match service.endpoint_regions.binary_search_by(|(r, _)| (*r).cmp(region)) {
            Ok(i) => service.endpoint_regions[i].1.to_owned(),
            Err(_) => service.endpoint_pattern.replace("{region}", region),
        },
        None if !service.endpoint_pattern.contains("{region}") => service.endpoint_pattern.to_owned(),
        None => return None,
    };
    Some(format!("{}://{}", service.scheme, host))
}

#[cfg(all(test, feature = "aliyun-ecs"))]
mod tests {
    use super::*;

    use crate::services::aliyun::ecs::SERVICE as ECS;

    #[test]
    fn regional_rule_and_exceptions() {
        assert_eq!(resolve_endpoint(&ECS, Some("cn-hangzhou"), None).unwrap(), "https://ecs-cn-hangzhou.aliyuncs.com");
        assert_eq!(resolve_endpoint(&ECS, Some("cn-beijing"), None).unwrap(), "https://ecs.cn-beijing.aliyuncs.com");
        assert_eq!(resolve_endpoint(&ECS, Some("cn-wuhan"), None).unwrap(), "https://ecs.aliyuncs.com");
        assert_eq!(resolve_endpoint(&ECS, None, None), None);
        assert_eq!(resolve_endpoint(&ECS, Some("x"), Some("http://127.0.0.1:9/")).unwrap(), "http://127.0.0.1:9");
    }

    /// Every region the official Tea SDK was asked about resolves to the same host
    /// (`tests/fixtures/endpoints/ecs_endpoints.json`, computed with alibabacloud_ecs20140526).
    #[test]
    fn ecs_matches_the_official_sdk() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/endpoints/ecs_endpoints.json");
        let text = std::fs::read_to_string(path).expect("fixture");
        let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
        let regions = doc["expected"]["alibabacloud_ecs20140526 (Tea SDK)"].as_object().expect("regions");
        assert!(regions.len() >= 8);
        for (region, hosts) in regions {
            let expected = format!("https://{}", hosts["public"].as_str().expect("public host"));
            let got = resolve_endpoint(&ECS, Some(region), None);
            assert_eq!(got.as_deref(), Some(expected.as_str()), "{region}");
        }
    }
}
