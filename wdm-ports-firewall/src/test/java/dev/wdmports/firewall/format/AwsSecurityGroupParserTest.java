package dev.wdmports.firewall.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.Flow;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.Decision;
import dev.wdmports.firewall.Evaluation;
import dev.wdmports.firewall.RulePolicy;
import org.junit.jupiter.api.Test;

class AwsSecurityGroupParserTest {
  private final RulePolicy policy =
      AwsSecurityGroupParser.parse(
          NftJsonParserTest.resource("aws-security-groups.json"), "groups.json");

  private Evaluation in(String flow) {
    return policy.evaluate(Flow.parse(flow), Direction.IN);
  }

  @Test
  void cidrRangesAllow_portsAndPeersAsListed() {
    Evaluation v = in("10.0.3.4->10.0.0.5:443/tcp");
    assertThat(v.decision()).isEqualTo(Decision.ALLOW);
    assertThat(v.rule().orElseThrow().comment()).contains("devices");
    assertThat(v.rule().orElseThrow().text())
        .isEqualTo("sg-0123456789abcdef0 (wdm-server) inbound tcp 443 from 10.0.0.0/16");
    assertThat(v.line()).isEqualTo(11);
    assertThat(in("[2001:db8::7]->[2001:db8::1]:443/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in("10.0.1.9->10.0.0.5:5005/tcp").decision()).isEqualTo(Decision.ALLOW);
    // the locked group's prefix list may allow every TCP port: unknown, not denied
    assertThat(in("10.0.2.9->10.0.0.5:5005/tcp").decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(in("10.0.2.9->10.0.0.5:5005/udp").decision()).isEqualTo(Decision.DENY);
    assertThat(in("8.8.8.8->10.0.0.5:69/udp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in("8.8.8.8->10.0.0.5:70/udp").decision()).isEqualTo(Decision.DENY);
  }

  @Test
  void defaultDeniesInbound() {
    Evaluation v = in("10.0.3.4->10.0.0.5:22/udp");
    assertThat(v.decision()).isEqualTo(Decision.DENY);
    assertThat(v.rule()).isEmpty();
  }

  @Test
  void groupReferences_areUnknownWithWarning() {
    Evaluation v = in("10.0.3.4->10.0.0.5:1433/tcp");
    assertThat(v.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(v.warnings())
        .containsExactly(
            "line 46 (/SecurityGroups/0/IpPermissions/2/UserIdGroupPairs/0): peer security group"
                + " sg-0db0000000000000a (its members' addresses are not in the file) is not"
                + " understood; the verdict may differ");
  }

  @Test
  void allPortsRule_andPrefixLists() {
    assertThat(in("172.16.9.9->10.0.0.5:8080/tcp").decision()).isEqualTo(Decision.ALLOW);
    assertThat(in("8.8.4.4->10.0.0.5:8080/tcp").decision()).isEqualTo(Decision.UNKNOWN);
  }

  @Test
  void egressRules_areOutbound() {
    assertThat(policy.evaluate(Flow.parse("10.0.0.5->8.8.8.8:53/udp"), Direction.OUT).decision())
        .isEqualTo(Decision.ALLOW);
    RulePolicy locked =
        AwsSecurityGroupParser.parse(
            "{\"SecurityGroups\":[{\"GroupId\":\"sg-1\",\"IpPermissionsEgress\":[]}]}", "g.json");
    assertThat(locked.evaluate(Flow.parse("10.0.0.5->8.8.8.8:53/udp"), Direction.OUT).decision())
        .isEqualTo(Decision.DENY);
  }

  @Test
  void badInput_isNamed() {
    assertThatThrownBy(() -> AwsSecurityGroupParser.parse("{\"Groups\": []}", "g.json"))
        .hasMessage(
            "g.json:1:1: no \"SecurityGroups\" array: expected the JSON of aws ec2"
                + " describe-security-groups");
    assertThatThrownBy(
            () ->
                AwsSecurityGroupParser.parse(
                    "{\"SecurityGroups\":[{\"IpPermissions\":[\n{\"IpProtocol\":\"tcp\",\"FromPort\":1,"
                        + "\"ToPort\":70000}]}]}",
                    "g.json"))
        .hasMessage("g.json:2:1: port 70000 out of range 1..65535 (FromPort 1, ToPort 70000)");
    assertThatThrownBy(
            () ->
                AwsSecurityGroupParser.parse(
                    "{\"SecurityGroups\":[{\"IpPermissions\":[{\"IpProtocol\":\"tcp\",\"IpRanges\":"
                        + "[\n{\"CidrIp\":\"10.0.0.300/33\"}]}]}]}",
                    "g.json"))
        .hasMessage(
            "g.json:2:1: address \"10.0.0.300/33\" is not an IP address or CIDR: use e.g. 10.0.0.5,"
                + " 10.0.0.0/24 or 2001:db8::/32");
    assertThatThrownBy(() -> AwsSecurityGroupParser.parse("", "g.json"))
        .hasMessage(
            "g.json:1:1: the file is empty: expected the JSON of aws ec2 describe-security-groups");
  }

  @Test
  void fromPortZeroToPortZero_isPortZero_whichNoFlowHas() {
    RulePolicy p =
        AwsSecurityGroupParser.parse(
            "{\"SecurityGroups\":[{\"GroupId\":\"sg-1\",\"IpPermissions\":["
                + "{\"IpProtocol\":\"tcp\",\"FromPort\":0,\"ToPort\":0,"
                + "\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/0\"}]},"
                + "{\"IpProtocol\":\"tcp\",\"FromPort\":22,\"ToPort\":22,"
                + "\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/0\"}]}]}]}",
            "g.json");
    assertThat(p.evaluate(Flow.parse("10.0.0.1->10.0.0.5:1/tcp"), Direction.IN).decision())
        .isEqualTo(Decision.DENY);
    assertThat(p.evaluate(Flow.parse("10.0.0.1->10.0.0.5:22/tcp"), Direction.IN).decision())
        .isEqualTo(Decision.ALLOW);
    assertThat(p.rules().get(0).rule().text()).isEqualTo("sg-1 inbound tcp port 0 from 0.0.0.0/0");
  }
}
