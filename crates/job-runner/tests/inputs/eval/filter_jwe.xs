// jwe_encode/jwe_decode: round trips with each key and content algorithm,
// and tokens another JOSE library made (a payload that is not JSON comes
// back as text).
function "main" {
  stack {
    var $k32 { value = "0123456789abcdef0123456789abcdef" }
    var $k16 { value = "0123456789abcdef" }
    var $k64 { value = $k32 ~ $k32 }
  }
  response = {
    default: {sub: "42"}|jwe_encode:{}:$k32|jwe_decode:{}:$k32,
    a128kw: "hello"|jwe_encode:{}:$k16:"A128KW":"A128CBC-HS256"|jwe_decode:{}:$k16:"A128KW":"A128CBC-HS256",
    gcmkw: [1, 2]|jwe_encode:{kid: "k1"}:$k32:"A256GCMKW":"A256GCM"|jwe_decode:{}:$k32:"A256GCMKW":"A256GCM",
    dir: "x"|jwe_encode:{}:$k64:"dir":"A256CBC-HS512"|jwe_decode:{}:$k64:"dir":"A256CBC-HS512",
    from_elsewhere: {
      a256kw: "eyJhbGciOiJBMjU2S1ciLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0.Ux4DBg3eVvyItplDHMxx-liXW7a6bdH3Gqgzi1tVoAb6Q4GAEYGGQP9CefKPM5itT4JgiB_CrhhJRLy2k8fDLSnjnZIe3OAh.JGNDhASJ9tTZYIebG82Ltg.CwSrSzZ9C4ElginE9CKPWg.zvbSNIn7y6VlN18etwHN05F12XJvv6ClpqIZB5cqwOA"|jwe_decode:{sub: "42"}:$k32:"A256KW":"A256CBC-HS512",
      a128kw: "eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.1BwcXDudloGhkIrueo0Is1UDPfHZO-isZ1tK3b6zFrp2WGdOq34LbQ.paIVQn8Q-UJHQGOzf-AI-w.c4qC-bL-c0wctLyW1vrXjg.spQBTSCA_bRnoZVizUpbTw"|jwe_decode:{}:$k16:"A128KW":"A128CBC-HS256",
      gcmkw: "eyJhbGciOiJBMTI4R0NNS1ciLCJlbmMiOiJBMTI4R0NNIiwiaXYiOiJQUGJmWUV6d1VfaVBuWVFxIiwidGFnIjoidGFyRUdvZmloN2ZUd2g4d29SODY5ZyJ9.dGTJq2B-p9TlNT07CnKwVQ.VoT9aYhpe1yEGgH0.y3ju0aISNA.Jb_7yi74uitA7THnPg6CYg"|jwe_decode:{}:$k16:"A128GCMKW":"A128GCM",
      dir: "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..Vds9dQEDZ2P-11_O.6IQRAwZklJTfroOasEvqLjEPsR4.Rfty_04pgn-YsVpP9zIlVQ"|jwe_decode:{}:$k32:"dir":"A256GCM"
    }
  }
}
