// A PKCS#12 exported by OpenSSL 3 (PBES2/AES-256-CBC, SHA-256 MAC) under a Vietnamese passphrase, chosen among
// fresh exports as one where node-forge, deriving the PBES2 key from the passphrase's low bytes instead of its
// UTF-8 bytes, decrypts to garbage that passes the padding check (about 1 export in 200) and then fails on the
// DER ("Only 8, 16, 24, or 32 bits supported"), not with "decrypt". Its key and self-signed certificate
// ("Nguyễn Văn Thử", valid to 2126) exist only for this test.
export const UNLUCKY_OPENSSL3_P12_PASSPHRASE = "mật-khẩu-đủ-dài";

export const UNLUCKY_OPENSSL3_P12 = Buffer.from(
  "MIIKPwIBAzCCCfUGCSqGSIb3DQEHAaCCCeYEggniMIIJ3jCCBFIGCSqGSIb3DQEHBqCCBEMwggQ/AgEAMIIEOAYJKoZIhvcNAQcB" +
    "MFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAj6fcnbGcYHwwICCAAwDAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEE29" +
    "0u4ZhKGxJCiJ91I35YiAggPQxuP0aexMRmlNCavMIXvXNWgtIyqnQWh7cXwWsrwA62P9ILy2dlmOdOqUFiYFoUuMZy7x9LzzB2Yo" +
    "Y5kvRmufWHxg+Evarq37xiJ18Dm17i9DrEvdpZ8C4gqvXqKdroT8y1vx9IFF086AOtdF/HjCuZ0TUbwLjJNbNUxrcjRly+JiollY" +
    "j6ZiVjLkWHlR0sQ5g0D11uGJYhHBJFZJsjIqBMLVXfY89UaDfViOuxveO9+zpd3R9bdY/UMySkok4zTfqsDNIuxBpxuiFoQHuEqN" +
    "oQQyleqHq38ft3FZJBnLgDXl2I9hSko186iVPHLbgYvlfA54d19N5uaHj/R/P6P73njuDcfX3whHMcVmBJ5EJIs4HDcDv2AMQFSf" +
    "13AdLSTcJ+iBNZ23DK56zapahMglz/rIinNb7u7fFLNZ5f9qPunicirR8vNPvlOmJLxRg9Ufyl5IRfya48ja44yZ5u+a6Ewp/Szh" +
    "IZyIntFiFmYkvZEvfWBr+5vUP0Ts6Y90zGQlebZV5IBBuFOujmKjw+hbED1daOR+9R9C6Ps0I9I9DRlJ+RuWZI5dJsAIyEBWBdxb" +
    "rzK5cK6Uku8gHBDKXlyhv3SWsh8KWaM/J6BZkGGjrTdMH44dwYW04KNJEL582o72dpr6U08dcNYeoxHa03EEOpTSsxeOizuejNnQ" +
    "8SU0U5Y0+I7Z9t/v5WjKrY9z+sTgezM13Cdk8E9VgNUYiNWJZ2bINWComnAGlLQXA6Lxz65GXy0aNBC5dE0AIdDpDL5SdcsDNnfd" +
    "Cq64HPQtNlJ1xChQNdhWFwhGU62Wyvqe+VNvb8zVtjJSB4bBZtZoYPT97jhnyTbwIYteWsiMsRYHQh9G8Jpyybznlp1753jhh8Yz" +
    "4AgwlNX6wgPJQYCEwWoIvn/0dOU0OqiMCDfYMneSQfQP5/X6uLCjvXI6caT122t3JMd1DK43tSO+fnq01nWURh/OFFS7euwF/Cd3" +
    "FLo0dq4/sHX6/zrESIvb/r5mdtKrgtYBvxG9yQKx3RvP2ROpzHdPa/IgX74lvZBoPyDuremZ7y2kn8CCA782WPDrDc1bVtW71pm5" +
    "C9D2u7tU1BdPLPzztzm3Lxhcu4hIj6jugwfr6tQKVwBzz4T4/tXUcd+o85FZoS3bKB3oaMPCtj1TYY8JjIOwWn4sB1gnCtPZf/tP" +
    "s63KkpK2E4fUBbBQ+az0zCaDt9mGmjuMGDVQxAfmGCZ1kE7VbPRBtZDcKxFj3oHEr0DtTkQWEm9pWbjJelCzzl1h69ALQkwUWSiG" +
    "uS+7q0zFl3/jt806bpkIgwyFHDCCBYQGCSqGSIb3DQEHAaCCBXUEggVxMIIFbTCCBWkGCyqGSIb3DQEMCgECoIIFMTCCBS0wVwYJ" +
    "KoZIhvcNAQUNMEowKQYJKoZIhvcNAQUMMBwECBTgdP+EDkOFAgIIADAMBggqhkiG9w0CCQUAMB0GCWCGSAFlAwQBKgQQ4CRaLmFt" +
    "nPZlxbtlxchb8wSCBNDh4czu+6iE59ENCbKCTzhWrBbpdx0Vd2nk4+WSaoxB6G7pO2a1bJ0nyN6y7xjR7WVM8enm4nw0P2jyG/pR" +
    "zd9Bx7sEgKC0PGivFzuF0AsZGTVPaUgV7FVr0IoTifw9QEa3K9+sKTB+FIRfg/+Oafg7eGQ9Hc8Xt3v/e/WB9Bsh/62a58h45nKU" +
    "gBSkKb/CNDNHngnAiMrNT0r6WmxzFtCoG0oJ9bToWXX2ydFMXVIbpGm4vlI0U3tieqsWaymhEfWOUuf0DkpFjQ4E0yYbXXeTNLJh" +
    "AV/E3jOmBXZ1h3DiIyLHvPdG2zaHEzYuXQAHd7kWCsdyePuPT1SKqSYfGHXqcjoIdCEtR1TBeidwcPJHshL7zqr2RyeBFtIr2rvM" +
    "7ztCCZJz2obDK6zqMfMAy/cKAIv2FvhYg1HuCLOPwbEXTDilHRgkKTmGxwnFVfy9vFww9GbYPM3Zr8462pcXKFhkBtpr1TyA7WM5" +
    "4Y6mgBr53IM9V7kfQwKNn+rFEL9Q7TDETG6nKJQbW1E+xkCurNBtfMFnjqs9vUqnuc5KQ4scXmSDCKu7gIllMbON81+C9rtoUavx" +
    "AE9SJ7LBWa1lFcexUFLIVhCob2NAIaHmVQ6lniJawMxUPnqqK92jxnva3Kb1jNWLmDmt3GEmWbr2fG/MkJXOnnBuiQrVDD3KKZMx" +
    "EBSmGyyOY2znsbWNTS+ubgkOAq5V/LKZgg4Ej6TtDxxsSgBE4LzE9m86E8VS1xno9iftFw05j9cpaWPPJFGHzA/fNkheQPtZD1tT" +
    "spwVTuLfdJWs1BGVsjcRBNFi0kd6TK5GwmilaKtZqBbOgWl94vblWcTCv9itidts20+9/e/aIYEEDgMJ01CCeM/fXSMQ42ROp1hg" +
    "e6GvqcL3zviFD/04t638OfPmhAo9Qv/9RNAswtbbWpoaA9FM/SiZsQUGI6gDXgRAHtt+7U85UBkU+qACAD2W7eIlGI173+Oi/pdO" +
    "+i/VnsJi+dnIP+XZ9EsVhgigRKbeT7abfv2FBVNTqV2obeUVY9vveYGO3Kb8p8h+68k7O1P1H8kaonZWJgL1VT6KrbkgM1SlhA7P" +
    "0AxhZvEANtSPWjw+x3IiC/F622P08bYYzOAB+pFII7jtFEmiCAzrAt/S/kS9LMc3HGUvSQxyW23Z9tYUstx0TgODgE5EX126yWVF" +
    "fyfiA3KTRurzzhV+B6QHggS+gbxwzb6MDpepe3PmZkw64itvvyhLf3h6feZRkAvN1I7+Ns620copjFYglPb0GmTAcFmzB0s43mWI" +
    "EWkS6EXfUhNED78imIt2Lxz4AMib+7cPDSMBqQIZlZsiX9tzHvQp8IUVvBeV6TI5Z5YHIqijBN47FXDxLaQ3vdJYByDs02D/kYA5" +
    "RlTPuCNyFaXGWHvebUF7Vu8Nid4g7Z2S0uEfbUf+NyWsGN+OgzeOFpmZqcC6KF9kG69OjUiW4OBsa1q+7Y00WNL80FmEPsjmhfxP" +
    "7K5mYP/OybVvMZE//0m2Q7GPJy7P4J0jmF1Ae8ESDoHdpHGZLqgEOL86hm2CcEo6HglbFMevZ9Fc5GjuXwXvG3QsWbsNAKZsnJfa" +
    "LNipWDlucj7vQhGWqTq2yiGvbj1iGUJg51kWEjAEomlw2wCCgyR9JN1sYR1c6TElMCMGCSqGSIb3DQEJFTEWBBRdadiTYKnaQzyQ" +
    "XhuucI0KOpJ7MTBBMDEwDQYJYIZIAWUDBAIBBQAEIP4psy0bQdiJzRpAn7B7FlbyE9NwllaANkSiR35pUImbBAgzQcSbruFEfwIC" +
    "CAA=",
  "base64",
);
