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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{Protocol, Vendor};

    static ECS: Service = Service {
        vendor: Vendor::Aliyun,
        name: "ecs",
        product: "Ecs",
        api_version: "2014-05-26",
        protocol: Protocol::Rpc,
        scheme: "https",
        endpoint_pattern: "ecs.{region}.aliyuncs.com",
        endpoint_regions: &[("cn-hangzhou", "ecs-cn-hangzhou.aliyuncs.com"), ("cn-wuhan", "ecs.aliyuncs.com")],
        region_parameter: Some("RegionId"),
    };

    #[test]
    fn regional_rule_and_exceptions() {
        assert_eq!(resolve_endpoint(&ECS, Some("cn-hangzhou"), None).unwrap(), "https://ecs-cn-hangzhou.aliyuncs.com");
        assert_eq!(resolve_endpoint(&ECS, Some("cn-beijing"), None).unwrap(), "https://ecs.cn-beijing.aliyuncs.com");
        assert_eq!(resolve_endpoint(&ECS, Some("cn-wuhan"), None).unwrap(), "https://ecs.aliyuncs.com");
        assert_eq!(resolve_endpoint(&ECS, None, None), None);
        assert_eq!(resolve_endpoint(&ECS, Some("x"), Some("http://127.0.0.1:9/")).unwrap(), "http://127.0.0.1:9");
    }
}
